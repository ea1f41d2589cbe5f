package id.presensi.db;

/** Where and as whom to connect. The password never appears in {@link #toString()}. */
public record ConnectionSettings(String url, String user, String password, int port) {

    @Override
    public String toString() {
        return "ConnectionSettings[url=" + url + ", user=" + user + "]";
    }
}
