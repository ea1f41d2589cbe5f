package id.presensi.sheet;

/**
 * One cell as read from a file. {@code numeric} is true when a spreadsheet stored it as a number, which
 * matters for identity numbers: a float keeps only about 15 digits.
 */
public record Cell(String text, boolean numeric) {
    public static final Cell EMPTY = new Cell("", false);

    public static Cell text(String text) {
        return new Cell(text == null ? "" : text, false);
    }

    public boolean isBlank() {
        return text.isBlank();
    }
}
