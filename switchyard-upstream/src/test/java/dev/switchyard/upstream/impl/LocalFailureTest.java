package dev.switchyard.upstream.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

class LocalFailureTest {

    @Test
    void isLocal_outOfFileDescriptors_isLocal() {
        assertThat(LocalFailure.isLocal(new IOException(
                "newSocketStream(..) failed with error(-24): Too many open files"))).isTrue();
        assertThat(LocalFailure.isLocal(new SocketException("Too many open files in system"))).isTrue();
    }

    @Test
    void isLocal_wrappedLocalCause_isLocal() {
        Throwable wrapped = new RuntimeException("connect failed",
                new IOException("connect(..) failed: Cannot assign requested address"));
        assertThat(LocalFailure.isLocal(wrapped)).isTrue();
    }

    @Test
    void isLocal_upstreamRefusedOrSlow_isNotLocal() {
        assertThat(LocalFailure.isLocal(new ConnectException("Connection refused: /127.0.0.1:1"))).isFalse();
        assertThat(LocalFailure.isLocal(new ConnectTimeoutException("connection timed out"))).isFalse();
        assertThat(LocalFailure.isLocal(new IOException((String) null))).isFalse();
    }
}
