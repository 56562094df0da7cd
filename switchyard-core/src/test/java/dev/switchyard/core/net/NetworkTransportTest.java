package dev.switchyard.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

class NetworkTransportTest {
    private static final Transport URING = new Fake("io_uring", true, null);
    private static final Transport URING_REFUSED = new Fake("io_uring", false,
            new UnsupportedOperationException("io_uring_setup: Operation not permitted"));
    private static final Transport EPOLL = new Fake("epoll", true, null);
    private static final Transport EPOLL_REFUSED = new Fake("epoll", false, new UnsatisfiedLinkError("no library"));

    record Fake(String name, boolean available, Throwable unavailabilityCause) implements Transport {
        @Override
        public io.vertx.core.spi.transport.Transport implementation() {
            return null;
        }
    }

    @Test
    void auto_bothNativeAvailable_picksIoUring() {
        assertThat(NetworkTransport.AUTO.pick(URING, EPOLL)).isSameAs(URING);
    }

    @Test
    void auto_ioUringRefused_fallsBackToEpoll() {
        assertThat(NetworkTransport.AUTO.pick(URING_REFUSED, EPOLL)).isSameAs(EPOLL);
        assertThat(NetworkTransport.AUTO.pick(null, EPOLL)).isSameAs(EPOLL);
    }

    @Test
    void auto_noNativeTransport_fallsBackToNio() {
        assertThat(NetworkTransport.AUTO.pick(URING_REFUSED, EPOLL_REFUSED)).isSameAs(Transport.NIO);
        assertThat(NetworkTransport.AUTO.pick(null, null)).isSameAs(Transport.NIO);
    }

    @Test
    void named_available_isTakenEvenWhenAnotherWouldBePreferred() {
        assertThat(NetworkTransport.EPOLL.pick(URING, EPOLL)).isSameAs(EPOLL);
        assertThat(NetworkTransport.IO_URING.pick(URING, EPOLL_REFUSED)).isSameAs(URING);
        assertThat(NetworkTransport.NIO.pick(URING, EPOLL)).isSameAs(Transport.NIO);
    }

    @Test
    void named_refused_failsNamingTheOptionAndTheCauseInsteadOfFallingBack() {
        assertThatThrownBy(() -> NetworkTransport.IO_URING.pick(URING_REFUSED, EPOLL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--transport io_uring: not available here")
                .hasMessageContaining("Operation not permitted")
                .hasMessageContaining("--transport auto");
        assertThatThrownBy(() -> NetworkTransport.EPOLL.pick(URING, null))
                .hasMessageContaining("--transport epoll: not available here (its library is not on the class path)");
    }

    @Test
    void named_unknown_failsWithTheMessageOfEveryCommand() {
        assertThat(NetworkTransport.named("Epoll")).isEqualTo(NetworkTransport.EPOLL);
        assertThatThrownBy(() -> NetworkTransport.named("uring")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--transport: must be auto, io_uring, epoll or nio, got uring");
    }

    @Test
    void parse_anyCase_findsTheChoiceAndUnknownIsNull() {
        assertThat(NetworkTransport.parse("IO_URING")).isEqualTo(NetworkTransport.IO_URING);
        assertThat(NetworkTransport.parse(" epoll ")).isEqualTo(NetworkTransport.EPOLL);
        assertThat(NetworkTransport.parse("auto")).isEqualTo(NetworkTransport.AUTO);
        assertThat(NetworkTransport.parse("uring")).isNull();
        assertThat(NetworkTransport.parse(null)).isNull();
    }
}
