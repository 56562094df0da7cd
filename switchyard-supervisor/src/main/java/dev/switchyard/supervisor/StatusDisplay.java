package dev.switchyard.supervisor;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Shows the supervisor to a person. On a terminal the table is redrawn in place with the latest events under
 * it; otherwise (a log collector, a pipe) every event is a line as it happens and the table is printed on
 * each {@link #refresh}, so the output stays a readable log. Thread-safe: events come from the supervisor's
 * loop, refreshes from a timer.
 */
public final class StatusDisplay {
    private static final String HOME_AND_CLEAR = "\033[H\033[2J";
    private static final int RECENT = 12;

    private final PrintStream out;
    private final boolean terminal;
    private final Deque<String> recent = new ArrayDeque<>();

    public StatusDisplay(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public synchronized void event(SupervisorEvent e) {
        if (!terminal) {
            out.println(e.line());
            out.flush();
            return;
        }
        recent.addLast(e.line());
        while (recent.size() > RECENT) {
            recent.removeFirst();
        }
    }

    public synchronized void refresh(List<ChildStatus> children) {
        StringBuilder screen = new StringBuilder();
        if (terminal) {
            screen.append(HOME_AND_CLEAR).append("switchyard up  (Ctrl-C stops every process)\n\n");
        }
        screen.append(StatusTable.render(children));
        if (terminal && !recent.isEmpty()) {
            screen.append("\nrecent events:\n");
            recent.forEach(line -> screen.append("  ").append(line).append('\n'));
        }
        out.print(screen);
        out.flush();
    }
}
