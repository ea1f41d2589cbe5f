package id.presensi.sheet;

import java.util.List;

/**
 * A data row with the row number the operator sees in a spreadsheet (the header is row 1).
 */
public record TableRow(int rowNumber, List<Cell> cells) {

    public Cell cell(int index) {
        return index >= 0 && index < cells.size() ? cells.get(index) : Cell.EMPTY;
    }

    public List<String> texts() {
        return cells.stream().map(Cell::text).toList();
    }

    boolean isBlank() {
        return cells.stream().allMatch(Cell::isBlank);
    }
}
