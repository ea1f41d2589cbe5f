package id.presensi.server;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closes connections whose request line and headers do not all arrive in time. Jetty 12 bounds a silent
 * connection (the idle timeout) and a slow body (the minimum data rate), but a client that sends one header line
 * every few seconds resets the idle timeout forever and holds a connection and its buffers with no body to measure.
 * So every HTTP/1.1 connection is watched: once its parser is part-way through a request's head, the request has
 * this long to finish it; a sweep every second closes the ones that have not.
 */
final class HeaderTimeout implements Connection.Listener {
    private static final Logger log = LoggerFactory.getLogger(HeaderTimeout.class);

    /** When a connection was first seen part-way through the head of its request number {@code request}. */
    private record Started(long request, long atNanos) {
    }

    private static final Started NOT_STARTED = new Started(-1, 0);

    private final long timeoutNanos;
    private final Map<HttpConnection, Started> connections = new ConcurrentHashMap<>();
    private final AtomicLong closed = new AtomicLong();
    private ScheduledExecutorService sweeper;

    HeaderTimeout(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Watches the connections of the server's connectors from its start, and stops with it. */
    void install(Server server) {
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                for (Connector connector : server.getConnectors()) {
                    connector.addEventListener(HeaderTimeout.this);
                }
                sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "header-timeout");
                    t.setDaemon(true);
                    return t;
                });
                sweeper.scheduleWithFixedDelay(HeaderTimeout.this::sweep, 1, 1, TimeUnit.SECONDS);
            }

            @Override
            public void lifeCycleStopping(LifeCycle event) {
                if (sweeper != null) {
                    sweeper.shutdownNow();
                }
            }
        });
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            connections.put(http, NOT_STARTED);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        connections.remove(connection);
    }

    /** Connections closed for taking too long over their headers, since the start. */
    long closed() {
        return closed.get();
    }

    /**
     * The parser's state is read from the sweeper's thread, not the connection's: a stale read at worst delays a cut
     * by a sweep, and a head must look unfinished, for the same request, on sweeps the whole timeout apart.
     */
    private void sweep() {
        long now = System.nanoTime();
        connections.replaceAll((http, started) -> {
            HttpParser parser = http.getParser();
            if (!parser.inHeaderState() || parser.isStart()) {
                return NOT_STARTED; // waiting for a request (the idle timeout's business), or reading its body
            }
            long request = http.getMessagesIn();
            if (started.request() != request) {
                return new Started(request, now);
            }
            if (now - started.atNanos() >= timeoutNanos) {
                closed.incrementAndGet();
                log.debug("Closing {}: its request headers took over {} ms", http.getEndPoint().getRemoteSocketAddress(),
                        TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
                http.getEndPoint().close();
            }
            return started;
        });
    }
}
