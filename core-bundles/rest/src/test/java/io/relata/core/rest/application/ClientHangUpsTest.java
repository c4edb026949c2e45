package io.relata.core.rest.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;

import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.MessageImpl;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;

class ClientHangUpsTest {

    private final ClientHangUps listener = new ClientHangUps();

    @Test
    void aClientThatHungUpIsNotLoggedAsAFault() {
        // as CXF reports an answer it could not finish: its sender's fault around Jetty's end of stream
        Fault fault = new Fault(new IOException("Could not send Message.", new EofException("Closed")));

        assertThat(listener.faultOccurred(fault, "'customers' ", new MessageImpl())).isFalse();
        assertThat(listener.faultOccurred(new EofException(), "", new MessageImpl())).isFalse();
    }

    @Test
    void everyOtherFaultKeepsCxfsLogging() {
        assertThat(listener.faultOccurred(new Fault(new IOException("No space left on device")), "",
                new MessageImpl())).isTrue();
        assertThat(listener.faultOccurred(new IllegalStateException("bug"), "", new MessageImpl())).isTrue();
        // a plain end of file is not a connection the client closed
        assertThat(listener.faultOccurred(new Fault(new EOFException()), "", new MessageImpl())).isTrue();
    }
}
