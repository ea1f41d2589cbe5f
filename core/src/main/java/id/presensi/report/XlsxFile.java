package id.presensi.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A workbook written as SpreadsheetML straight into a zip, one row at a time: no cell objects, no temporary
 * files, strings inline (no shared-string table to hold), so its memory does not grow with the rows. Only what the
 * recaps use: a fixed style sheet (given whole), column widths, frozen panes, merged title rows, print setup, repeated
 * header rows, and a line chart per sheet if asked. The parts that name every sheet (workbook, content types,
 * relationships) are written last, so sheets are written in whatever order their rows come and placed in the
 * order they were reserved.
 */
final class XlsxFile {
    private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final String PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships";
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    private static final int MAX_COLUMNS = 64;
    private static final String[] COLUMNS = new String[MAX_COLUMNS];

    /** A cell's style attribute for the first few styles, made once: a regency's daily sheets have millions of cells. */
    private static final String[] STYLES = new String[32];
    /** Small whole numbers as text, made once: the row numbers and the recap's counts of days. */
    private static final String[] NUMBERS = new String[4096];

    static {
        for (int i = 0; i < NUMBERS.length; i++) {
            NUMBERS[i] = Integer.toString(i);
        }
        for (int i = 0; i < STYLES.length; i++) {
            STYLES[i] = " s=\"" + i + "\"";
        }
        for (int i = 0; i < MAX_COLUMNS; i++) {
            COLUMNS[i] = i < 26 ? String.valueOf((char) ('A' + i)) : String.valueOf((char) ('A' + i / 26 - 1)) + (char) ('A' + i % 26);
        }
    }

    private final ZipOutputStream zip;
    private final Utf8 out;
    private final LocalDateTime created;
    private final List<Sheet> sheets = new ArrayList<>();
    private int charts;

    /** @param created the file's "created" property and every entry's time: the same rows give the same bytes */
    XlsxFile(OutputStream stream, LocalDateTime created) {
        this.zip = new ZipOutputStream(new BufferedOutputStream(stream, 1 << 16), StandardCharsets.UTF_8);
        // the fastest deflate: sheet XML repeats itself so much that the default level saves little more and costs
        // several times the CPU
        zip.setLevel(Deflater.BEST_SPEED);
        this.out = new Utf8(zip);
        this.created = created;
    }

    /** A sheet's place in the workbook, taken now, written later with {@link Sheet#begin}. */
    Sheet reserve(String name) {
        Sheet sheet = new Sheet(name, sheets.size() + 1);
        sheets.add(sheet);
        return sheet;
    }

    /** How a sheet is laid out and printed: widths in characters by column, panes frozen left of and above a cell. */
    record Layout(SortedMap<Integer, Integer> widths, int frozenColumns, int frozenRows, Optional<Integer> repeatedRow,
                  boolean oneHighPage, List<int[]> merges) {
    }

    /** One worksheet part; rows are written in increasing order, cells in each row left to right. */
    final class Sheet {
        private final String name;
        private final int number;
        private Layout layout;
        private boolean chart;
        private boolean written;
        private int row = -1;
        private String rowNumber = "";

        private Sheet(String name, int number) {
            this.name = name;
            this.number = number;
        }

        void begin(Layout layout) throws IOException {
            if (written) {
                throw new IllegalStateException("sheet " + name + " is written already");
            }
            this.layout = layout;
            this.written = true;
            zip.putNextEntry(entry("xl/worksheets/sheet" + number + ".xml"));
            out.write(HEAD);
            out.write("<worksheet xmlns=\"" + MAIN + "\" xmlns:r=\"" + RELATIONSHIPS + "\"><sheetPr><pageSetUpPr fitToPage=\"1\""
                    + (layout.oneHighPage() ? "" : " autoPageBreaks=\"1\"") + "/></sheetPr><sheetViews><sheetView workbookViewId=\"0\""
                    + (number == 1 ? " tabSelected=\"1\"" : "") + ">");
            if (layout.frozenColumns() > 0 || layout.frozenRows() > 0) {
                out.write("<pane xSplit=\"" + layout.frozenColumns() + "\" ySplit=\"" + layout.frozenRows() + "\" topLeftCell=\""
                        + COLUMNS[layout.frozenColumns()] + (layout.frozenRows() + 1)
                        + "\" activePane=\"bottomRight\" state=\"frozen\"/><selection pane=\"bottomRight\"/>");
            }
            out.write("</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>");
            if (!layout.widths().isEmpty()) {
                out.write("<cols>");
                for (Map.Entry<Integer, Integer> width : layout.widths().entrySet()) {
                    int column = width.getKey() + 1;
                    out.write("<col min=\"" + column + "\" max=\"" + column + "\" width=\"" + width.getValue() + "\" customWidth=\"1\"/>");
                }
                out.write("</cols>");
            }
            out.write("<sheetData>");
        }

        /** Starts row {@code index} (0-based); {@code points} its height, 0 for the default. */
        void row(int index, double points) throws IOException {
            if (index <= row) {
                throw new IllegalArgumentException("row " + index + " after row " + row);
            }
            if (row >= 0) {
                out.write("</row>");
            }
            row = index;
            rowNumber = Integer.toString(index + 1);
            out.write("<row r=\"");
            out.write(rowNumber);
            out.write(points > 0 ? "\" ht=\"" + points + "\" customHeight=\"1\">" : "\">");
        }

        void row(int index) throws IOException {
            row(index, 0);
        }

        void text(int column, String value, int style) throws IOException {
            cellStart(column, style);
            boolean preserve = !value.isEmpty() && (Character.isWhitespace(value.charAt(0)) || Character.isWhitespace(value.charAt(value.length() - 1)));
            out.write(preserve ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">" : " t=\"inlineStr\"><is><t>");
            escape(value);
            out.write("</t></is></c>");
        }

        void number(int column, long value, int style) throws IOException {
            cellStart(column, style);
            out.write("><v>");
            out.write(value >= 0 && value < NUMBERS.length ? NUMBERS[(int) value] : Long.toString(value));
            out.write("</v></c>");
        }

        void number(int column, double value, int style) throws IOException {
            cellStart(column, style);
            out.write("><v>");
            out.write(Double.toString(value));
            out.write("</v></c>");
        }

        private void cellStart(int column, int style) throws IOException {
            out.write("<c r=\"");
            out.write(COLUMNS[column]);
            out.write(rowNumber);
            out.write('"');
            if (style != 0) {
                out.write(style < STYLES.length ? STYLES[style] : " s=\"" + style + "\"");
            }
        }

        /** Ends the sheet; {@code chart}: a line chart of the category and value cells it names, placed beside them. */
        void end(Optional<LineChart> chart) throws IOException {
            if (row >= 0) {
                out.write("</row>");
            }
            out.write("</sheetData>");
            if (!layout.merges().isEmpty()) {
                out.write("<mergeCells count=\"" + layout.merges().size() + "\">");
                for (int[] m : layout.merges()) {
                    out.write("<mergeCell ref=\"" + COLUMNS[m[1]] + (m[0] + 1) + ":" + COLUMNS[m[3]] + (m[2] + 1) + "\"/>");
                }
                out.write("</mergeCells>");
            }
            out.write("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
                    + "<pageSetup paperSize=\"9\" fitToWidth=\"1\" fitToHeight=\"" + (layout.oneHighPage() ? 1 : 0) + "\" orientation=\"landscape\"/>");
            if (chart.isPresent()) {
                out.write("<drawing r:id=\"rId1\"/>");
            }
            out.write("</worksheet>");
            out.flush();
            zip.closeEntry();
            if (chart.isPresent()) {
                this.chart = true;
                writeChart(this, chart.get());
            }
        }
    }

    /** A line chart: its title, axis titles, the 0-based rows and columns of its categories and values, and where it sits. */
    record LineChart(String title, String categoryTitle, String valueTitle, int firstRow, int lastRow, int categoryColumn,
                     int valueColumn, double[] categories, Double[] values, int[] anchor) {
    }

    private void writeChart(Sheet sheet, LineChart chart) throws IOException {
        int n = ++charts;
        part("xl/worksheets/_rels/sheet" + sheet.number + ".xml.rels", relationships(
                "<Relationship Id=\"rId1\" Target=\"../drawings/drawing" + n + ".xml\" Type=\"" + RELATIONSHIPS + "/drawing\"/>"));
        part("xl/drawings/_rels/drawing" + n + ".xml.rels", relationships(
                "<Relationship Id=\"rId1\" Target=\"../charts/chart" + n + ".xml\" Type=\"" + RELATIONSHIPS + "/chart\"/>"));
        int[] a = chart.anchor();
        part("xl/drawings/drawing" + n + ".xml", HEAD + "<xdr:wsDr xmlns:xdr=\"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing\""
                + " xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\""
                + " xmlns:r=\"" + RELATIONSHIPS + "\"><xdr:twoCellAnchor editAs=\"twoCell\"><xdr:from><xdr:col>" + a[0] + "</xdr:col><xdr:colOff>0</xdr:colOff>"
                + "<xdr:row>" + a[1] + "</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>" + a[2] + "</xdr:col><xdr:colOff>0</xdr:colOff>"
                + "<xdr:row>" + a[3] + "</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro=\"\"><xdr:nvGraphicFramePr>"
                + "<xdr:cNvPr id=\"" + n + "\" name=\"Chart " + n + "\"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x=\"0\" y=\"0\"/>"
                + "<a:ext cx=\"0\" cy=\"0\"/></xdr:xfrm><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\">"
                + "<c:chart r:id=\"rId1\"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>");
        String quoted = "'" + sheet.name.replace("'", "''") + "'!";
        StringBuilder xml = new StringBuilder(HEAD).append("<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"")
                .append(" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><c:chart>").append(chartTitle(chart.title()))
                .append("<c:autoTitleDeleted val=\"0\"/><c:plotArea><c:layout/><c:lineChart><c:grouping val=\"standard\"/><c:varyColors val=\"0\"/>")
                .append("<c:ser><c:idx val=\"0\"/><c:order val=\"0\"/><c:tx><c:v>").append(xml(chart.valueTitle())).append("</c:v></c:tx>")
                .append("<c:marker><c:symbol val=\"circle\"/></c:marker><c:cat><c:numRef><c:f>")
                .append(xml(quoted + range(chart.categoryColumn(), chart.firstRow(), chart.lastRow()))).append("</c:f>");
        numbers(xml, chart.categories());
        xml.append("</c:numRef></c:cat><c:val><c:numRef><c:f>").append(xml(quoted + range(chart.valueColumn(), chart.firstRow(), chart.lastRow())))
                .append("</c:f>");
        numbers(xml, chart.values());
        xml.append("</c:numRef></c:val><c:smooth val=\"0\"/></c:ser><c:marker val=\"1\"/><c:axId val=\"0\"/><c:axId val=\"1\"/></c:lineChart>")
                .append("<c:catAx><c:axId val=\"0\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"b\"/>")
                .append(chartTitle(chart.categoryTitle())).append("<c:majorTickMark val=\"cross\"/><c:minorTickMark val=\"none\"/>")
                .append("<c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"1\"/><c:crosses val=\"autoZero\"/><c:auto val=\"0\"/></c:catAx>")
                .append("<c:valAx><c:axId val=\"1\"/><c:scaling><c:orientation val=\"minMax\"/><c:max val=\"100\"/><c:min val=\"0\"/></c:scaling>")
                .append("<c:delete val=\"0\"/><c:axPos val=\"l\"/>").append(chartTitle(chart.valueTitle()))
                .append("<c:majorTickMark val=\"cross\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"0\"/>")
                .append("<c:crosses val=\"autoZero\"/><c:crossBetween val=\"midCat\"/></c:valAx></c:plotArea><c:plotVisOnly val=\"1\"/></c:chart>")
                .append("</c:chartSpace>");
        part("xl/charts/chart" + n + ".xml", xml.toString());
    }

    private static String chartTitle(String text) {
        return "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>" + xml(text)
                + "</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/></c:title>";
    }

    private static void numbers(StringBuilder xml, Object[] values) {
        xml.append("<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"").append(values.length).append("\"/>");
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                xml.append("<c:pt idx=\"").append(i).append("\"><c:v>").append(values[i]).append("</c:v></c:pt>");
            }
        }
        xml.append("</c:numCache>");
    }

    private static void numbers(StringBuilder xml, double[] values) {
        Double[] boxed = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        numbers(xml, boxed);
    }

    private static String range(int column, int first, int last) {
        return "$" + COLUMNS[column] + "$" + (first + 1) + ":$" + COLUMNS[column] + "$" + (last + 1);
    }

    /** Writes the style sheet (whole), then the parts that list every sheet, and closes the zip. */
    void finish(String styles) throws IOException {
        for (Sheet sheet : sheets) {
            if (!sheet.written) { // reserved and never filled: an empty sheet rather than a workbook that names a missing part
                sheet.begin(new Layout(new TreeMap<>(), 0, 0, Optional.empty(), false, List.of()));
                sheet.end(Optional.empty());
            }
        }
        part("xl/styles.xml", styles);
        StringBuilder types = new StringBuilder(HEAD).append("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">")
                .append("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
                .append("<Default Extension=\"xml\" ContentType=\"application/xml\"/>")
                .append(override("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"))
                .append(override("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"))
                .append(override("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"))
                .append(override("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"));
        StringBuilder workbook = new StringBuilder(HEAD).append("<workbook xmlns=\"" + MAIN + "\" xmlns:r=\"" + RELATIONSHIPS + "\">")
                .append("<workbookPr date1904=\"0\"/><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>");
        StringBuilder rels = new StringBuilder("<Relationship Id=\"rId1\" Target=\"styles.xml\" Type=\"" + RELATIONSHIPS + "/styles\"/>");
        StringBuilder names = new StringBuilder();
        for (Sheet sheet : sheets) {
            types.append(override("/xl/worksheets/sheet" + sheet.number + ".xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"));
            workbook.append("<sheet name=\"").append(xml(sheet.name)).append("\" sheetId=\"").append(sheet.number).append("\" r:id=\"rId")
                    .append(sheet.number + 1).append("\"/>");
            rels.append("<Relationship Id=\"rId").append(sheet.number + 1).append("\" Target=\"worksheets/sheet").append(sheet.number)
                    .append(".xml\" Type=\"" + RELATIONSHIPS + "/worksheet\"/>");
            Optional<Integer> repeated = sheet.layout.repeatedRow();
            if (repeated.isPresent()) {
                names.append("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"").append(sheet.number - 1).append("\">")
                        .append(xml("'" + sheet.name.replace("'", "''") + "'!$" + (repeated.get() + 1) + ":$" + (repeated.get() + 1)))
                        .append("</definedName>");
            }
        }
        for (int n = 1; n <= charts; n++) {
            types.append(override("/xl/drawings/drawing" + n + ".xml", "application/vnd.openxmlformats-officedocument.drawing+xml"))
                    .append(override("/xl/charts/chart" + n + ".xml", "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"));
        }
        workbook.append("</sheets>");
        if (!names.isEmpty()) {
            workbook.append("<definedNames>").append(names).append("</definedNames>");
        }
        part("xl/workbook.xml", workbook.append("</workbook>").toString());
        part("xl/_rels/workbook.xml.rels", relationships(rels.toString()));
        part("docProps/core.xml", HEAD + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
                + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:creator>Presensi</dc:creator>"
                + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">" + created + ":00Z</dcterms:created></cp:coreProperties>");
        part("docProps/app.xml", HEAD + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
                + "<Application>Presensi</Application></Properties>");
        part("_rels/.rels", relationships("<Relationship Id=\"rId1\" Target=\"xl/workbook.xml\" Type=\"" + RELATIONSHIPS + "/officeDocument\"/>"
                + "<Relationship Id=\"rId2\" Target=\"docProps/core.xml\" Type=\"" + PACKAGE_RELATIONSHIPS + "/metadata/core-properties\"/>"
                + "<Relationship Id=\"rId3\" Target=\"docProps/app.xml\" Type=\"" + RELATIONSHIPS + "/extended-properties\"/>"));
        part("[Content_Types].xml", types.append("</Types>").toString());
        zip.finish(); // the caller's stream stays open, as theirs to close
        zip.flush();
    }

    private static String override(String part, String type) {
        return "<Override PartName=\"" + part + "\" ContentType=\"" + type + "\"/>";
    }

    private static String relationships(String inner) {
        return HEAD + "<Relationships xmlns=\"" + PACKAGE_RELATIONSHIPS + "\">" + inner + "</Relationships>";
    }

    private void part(String name, String content) throws IOException {
        zip.putNextEntry(entry(name));
        out.write(content);
        out.flush();
        zip.closeEntry();
    }

    private ZipEntry entry(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(created);
        return entry;
    }

    /** Text as XML character data; characters XML 1.0 cannot carry (controls below space, lone surrogates) become '?', as POI wrote them. */
    static String xml(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        escapeInto(text, b);
        return b.toString();
    }

    private void escape(String text) throws IOException {
        int plain = 0;
        int n = text.length();
        while (plain < n && isPlain(text.charAt(plain))) {
            plain++;
        }
        if (plain == n) {
            out.write(text);
            return;
        }
        StringBuilder b = new StringBuilder(n + 16);
        escapeInto(text, b);
        out.write(b);
    }

    private static boolean isPlain(char c) {
        return c >= 0x20 && c < 0x7f && c != '<' && c != '>' && c != '&' && c != '"';
    }

    private static void escapeInto(String text, StringBuilder b) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isPlain(c)) {
                b.append(c);
                continue;
            }
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\t' -> b.append("&#x9;");
                case '\n' -> b.append("&#xa;");
                case '\r' -> b.append("&#xd;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        b.append(c).append(text.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xfffe || c == 0xffff) {
                        b.append('?');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
    }


    /**
     * Characters as UTF-8 into the zip through one buffer: the sheets are almost all ASCII, which is copied byte by
     * byte; a Writer would encode through a CharBuffer and take a lock for each of the many short writes a cell makes.
     */
    private static final class Utf8 {
        private final OutputStream out;
        private final byte[] buffer = new byte[1 << 16];
        private int used;

        Utf8(OutputStream out) {
            this.out = out;
        }

        void write(CharSequence text) throws IOException {
            int n = text.length();
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c < 0x80) {
                    if (used == buffer.length) {
                        flush();
                    }
                    buffer[used++] = (byte) c;
                } else {
                    int end = Character.isHighSurrogate(c) && i + 1 < n ? i + 2 : i + 1;
                    byte[] bytes = text.subSequence(i, end).toString().getBytes(StandardCharsets.UTF_8);
                    if (used + bytes.length > buffer.length) {
                        flush();
                    }
                    System.arraycopy(bytes, 0, buffer, used, bytes.length);
                    used += bytes.length;
                    i = end - 1;
                }
            }
        }

        void write(char c) throws IOException {
            if (c >= 0x80) {
                write(String.valueOf(c));
                return;
            }
            if (used == buffer.length) {
                flush();
            }
            buffer[used++] = (byte) c;
        }

        void flush() throws IOException {
            out.write(buffer, 0, used);
            used = 0;
        }
    }
}
