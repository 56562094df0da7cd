package dev.switchyard.cluster;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** A whole answer of another role: its status, headers and body. */
public record RoleReply(int status, MultiMap headers, Buffer body) {}
