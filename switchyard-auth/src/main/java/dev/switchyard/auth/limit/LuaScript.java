package dev.switchyard.auth.limit;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lua script of this package, run by EVALSHA. A Redis that does not know it (restarted, flushed with
 * SCRIPT FLUSH, a new server) answers NOSCRIPT; the script is then sent once with EVAL, which also
 * caches it for the next EVALSHA.
 */
final class LuaScript {
    private static final Logger LOG = LoggerFactory.getLogger(LuaScript.class);
    final String name;
    private final String text;
    private final String sha;

    private LuaScript(String name, String text) {
        this.name = name;
        this.text = text;
        this.sha = sha1(text);
    }

    static LuaScript load(String name) {
        String arguments = resource("arguments").replace("SCRIPT_NAME", name + ".lua");
        return new LuaScript(name, arguments + resource(name));
    }

    private static String resource(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text Redis runs (arguments.lua in front of the script). */
    String text() {
        return text;
    }

    /** Sends the script ahead of its first use (SCRIPT LOAD), which also opens a connection. */
    Future<Response> preload(Redis redis) {
        return redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(text));
    }

    /** Fails with a {@link ScriptArgumentException} when the script refused its arguments. */
    Future<Response> run(Redis redis, List<String> args) {
        return redis.send(request(Command.EVALSHA, sha, args))
                .recover(e -> isNoScript(e) ? redis.send(request(Command.EVAL, text, args)) : Future.failedFuture(e))
                .recover(e -> Future.failedFuture(refused(e)));
    }

    private Throwable refused(Throwable e) {
        Throwable decoded = ScriptArgumentException.decode(e);
        if (decoded != e) {
            // Never expected: the callers check what they send. Loud, so that the bug is found.
            LOG.warn("Redis script {} refused its arguments, nothing written: {}", name, decoded.getMessage());
        }
        return decoded;
    }

    private static Request request(Command command, String script, List<String> args) {
        Request r = Request.cmd(command).arg(script).arg(0);
        args.forEach(r::arg);
        return r;
    }

    private static boolean isNoScript(Throwable e) {
        return e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT");
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
