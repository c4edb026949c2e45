package io.relata.core.rest.application;

import org.apache.cxf.logging.FaultListener;
import org.apache.cxf.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a client that hung up before its answer was written out of the warnings. Nothing failed on the server, yet
 * CXF would log each such answer as a fault with its stack trace, and a busy server sees many (a browser leaving a
 * page, a load tool stopping with requests in flight). Every other fault keeps CXF's logging.
 */
public final class ClientHangUps implements FaultListener {

    private static final Logger LOG = LoggerFactory.getLogger(ClientHangUps.class);

    @Override
    public boolean faultOccurred(Exception exception, String description, Message message) {
        if (!causedBy(exception)) {
            return true;
        }
        LOG.debug("The client closed the connection before its answer was written: {}", exception.toString());
        return false;
    }

    /** Whether Jetty's end of stream on a connection the client closed is the error or any of its causes. */
    private static boolean causedBy(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (isHangUp(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Jetty's end of stream: a write with nobody reading, a request body cut short. */
    public static boolean isHangUp(Throwable error) {
        return error.getClass().getName().equals("org.eclipse.jetty.io.EofException");
    }
}
