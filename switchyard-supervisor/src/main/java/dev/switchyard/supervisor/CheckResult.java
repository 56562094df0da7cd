package dev.switchyard.supervisor;

import java.util.OptionalLong;

/**
 * One health check's answer.
 *
 * @param requests the cumulative count of requests the child has served, when its /health says
 */
record CheckResult(boolean healthy, OptionalLong requests) {
    static final CheckResult FAILED = new CheckResult(false, OptionalLong.empty());
}
