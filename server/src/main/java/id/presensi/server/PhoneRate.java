package id.presensi.server;

/**
 * How fast one phone may send requests: a token bucket per device, refilled at {@code perSecond} and holding at most
 * {@code burst}. An honest phone sends a check-in and then reads who it is (two requests), opens Riwayat or its
 * requests now and then, and after a spell offline sends its queue one by one, each followed by a read; a burst of 12
 * and 2 a second is several times that. A phone over it is answered 429, and slowly (see {@link Tarpit}).
 */
public record PhoneRate(double perSecond, int burst) {
    public static final PhoneRate DEFAULT = new PhoneRate(2, 12);
    /** No bound a test of anything else would meet. */
    public static final PhoneRate LIFTED = new PhoneRate(1_000_000, 1_000_000);

    public PhoneRate {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a phone's request rate needs a positive rate and a burst of at least 1");
        }
    }
}
