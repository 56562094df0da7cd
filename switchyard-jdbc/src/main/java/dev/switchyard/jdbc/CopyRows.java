package dev.switchyard.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN} in its text format, built in memory and sent in one
 * call. COPY is PostgreSQL's cheapest way in for many rows: no statement to parse or plan, no parameters
 * to bind, no set-returning function to unnest arrays through (a quarter less of the server's CPU per row
 * than an INSERT of unnested arrays, BENCHMARKS.md, issue 15's twelfth pass). It is all or nothing: one
 * refused row (a unique key already stored, a NUL in text) fails the whole COPY, and the transaction.
 *
 * <p>Fields are added in the table's column order of the COPY statement; {@link #endRow()} closes a row.
 * Not thread-safe: one batch, one writer.
 */
public final class CopyRows {
    private final StringBuilder text;
    private boolean rowStarted;
    private int rows;

    public CopyRows(int expectedRows) {
        this.text = new StringBuilder(Math.max(64, expectedRows) * 160);
    }

    /** A text field; null is SQL NULL. Backslash, tab, newline and carriage return are escaped. */
    public CopyRows text(String value) {
        separate();
        if (value == null) {
            text.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return this;
    }

    public CopyRows number(long value) {
        separate();
        text.append(value);
        return this;
    }

    public CopyRows flag(boolean value) {
        separate();
        text.append(value ? 't' : 'f');
        return this;
    }

    public CopyRows endRow() {
        text.append('\n');
        rowStarted = false;
        rows++;
        return this;
    }

    public int rows() {
        return rows;
    }

    /** The rows as COPY reads them (tests). */
    String encoded() {
        return text.toString();
    }

    /**
     * Sends the rows with {@code copySql} ({@code COPY table (columns) FROM STDIN}) on this PostgreSQL
     * connection (a pool's proxy is unwrapped) and returns how many the server took.
     */
    public long copyInto(Connection connection, String copySql) throws SQLException {
        if (rowStarted) {
            throw new IllegalStateException("the last row was not ended");
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
            return copy.endCopy();
        } catch (SQLException | RuntimeException e) {
            cancel(copy, e);
            throw e;
        }
    }

    /** A COPY that failed half-way is ended, so the connection can roll back; the first failure is the one thrown. */
    private static void cancel(CopyIn copy, Exception cause) {
        if (!copy.isActive()) {
            return;
        }
        try {
            copy.cancelCopy();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private void separate() {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
    }
}
