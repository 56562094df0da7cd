package dev.switchyard.bench;

/**
 * The benchmark clients run.sh drives: {@code latency} (fixed-rate non-streaming requests),
 * {@code ttft} (fixed-rate streams, time to first token) and {@code streams} (many concurrent
 * streams, each checked event by event), {@code bare-proxy} (a Vert.x proxy with nothing else, the
 * floor of the gateway's stack) and {@code netty-proxy} (the same on Netty alone, the floor below it). Each
 * client prints a human summary and one {@code RESULT} line of {@code key=value} pairs.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        if (asksForHelp(args)) {
            System.out.println(USAGE);
            System.exit(0);
        }
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        Args options = Args.parse(args, 1);
        int code = switch (args[0]) {
            case "latency" -> LatencyRun.run(options);
            case "ttft" -> TtftRun.run(options);
            case "streams" -> StreamsRun.run(options);
            case "bare-proxy" -> BareProxy.run(options);
            case "netty-proxy" -> NettyProxy.run(options);
            default -> {
                usage();
                yield 2;
            }
        };
        System.exit(code);
    }

    static final String USAGE = """
            usage: java -jar switchyard-bench.jar COMMAND --url http://127.0.0.1:PORT [options]
              latency  --rate 1000 --duration 20 --warmup 5 --connections 64 --label NAME
              ttft     --rate 200 --duration 15 --warmup 3 --max-tokens 3 --reference URL --label NAME
              streams  --streams 10000 --rate 2500 --max-tokens 80 --prompts 16 --timeout 120 --reference URL
              bare-proxy --upstream URL --port 18194 --event-loops 2 --transport auto|io_uring|epoll|nio
                (Vert.x alone: the stack's floor)
              netty-proxy --upstream URL --port 18195 --event-loops 2 --transport auto|io_uring|epoll|nio
                (Netty alone, without Vert.x: the floor below the stack)
            common: --key bench-key --event-loops N; --help (or -h) anywhere prints this""";

    /** True when {@code --help} or {@code -h} is among the arguments, for the tool or any of its commands. */
    static boolean asksForHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    private static void usage() {
        System.err.println(USAGE);
    }
}
