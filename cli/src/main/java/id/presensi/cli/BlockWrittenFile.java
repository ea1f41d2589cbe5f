package id.presensi.cli;

import ch.qos.logback.core.rolling.RollingFileAppender;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A rolled log file written in blocks rather than a write to the disk per line: at the rush the access log's one
 * system call a request cost its writer thread a few microseconds of a CPU the check-ins need. What is buffered reaches
 * the file within a second (a flush on a timer, under the appender's own lock, so never in the middle of a line or a
 * rollover), and at shutdown when the logging context stops (ServeCommand stops it after the server).
 */
final class BlockWrittenFile<E> extends RollingFileAppender<E> {
    private ScheduledFuture<?> flushing;

    BlockWrittenFile() {
        setImmediateFlush(false);
    }

    @Override
    public void start() {
        super.start();
        if (isStarted()) {
            flushing = getContext().getScheduledExecutorService().scheduleWithFixedDelay(this::flush, 1, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public void stop() {
        if (flushing != null) {
            flushing.cancel(false);
        }
        super.stop(); // closes the file, writing what is buffered
    }

    private void flush() {
        streamWriteLock.lock();
        try {
            OutputStream out = getOutputStream();
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            addError("Could not write the log to " + getFile(), e);
        } finally {
            streamWriteLock.unlock();
        }
    }
}
