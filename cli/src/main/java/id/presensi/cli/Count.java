package id.presensi.cli;

/** "1 record", "4 records": a count with its noun in the right number. */
final class Count {
    private Count() {
    }

    static String of(long n, String one, String many) {
        return String.format("%,d %s", n, n == 1 ? one : many);
    }
}
