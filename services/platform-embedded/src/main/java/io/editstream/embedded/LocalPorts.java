package io.editstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports: a free one to listen on, and whether a remembered one is still free. */
final class LocalPorts {
    private LocalPorts() {
    }

    static int free() {
        try (ServerSocket socket = bind(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket ignored = bind(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(BrokerProperties.HOST, port));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
