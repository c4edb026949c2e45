package io.relata.core.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * Which server runs a job, as stored with it.
 *
 * @param name the server: host name and Karaf directory, the same after a restart and different for two
 *             servers sharing a host
 * @param run  this activation of the job service; a new one after every restart
 */
record NodeIdentity(String name, String run) {

    static final int MAX_NAME = 300;

    static NodeIdentity ofThisProcess() {
        String base = System.getProperty("karaf.base");
        String name = hostName() + (base == null || base.isBlank() ? "" : ":" + base);
        if (name.length() > MAX_NAME) {
            // the end of a long path tells servers apart better than its start
            name = name.substring(name.length() - MAX_NAME);
        }
        return new NodeIdentity(name, UUID.randomUUID().toString());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
