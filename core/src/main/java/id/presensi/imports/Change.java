package id.presensi.imports;

/** What storing one row did. */
public enum Change {
    INSERTED, UPDATED, UNCHANGED;

    /** The change of a row made of several stored rows: any update makes it updated, all new makes it inserted. */
    public Change and(Change other) {
        return this == other ? this : UPDATED;
    }
}
