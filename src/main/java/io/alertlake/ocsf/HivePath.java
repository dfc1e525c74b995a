package io.alertlake.ocsf;

/**
 * Hive's escaping of partition values in paths: characters that would break a path or a partition spec
 * become {@code %XX}, as Hive, Athena, Trino and DuckDB expect when they read {@code key=value} folders.
 */
public final class HivePath {

    private HivePath() {
    }

    public static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (needsEscape(c)) {
                sb.append('%').append(String.format("%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    public static String unescape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                sb.append((char) Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    // Hive's FileUtils.charToEscape: control characters and "#%'*/:=?\{[]^ plus DEL
    private static boolean needsEscape(char c) {
        return c < 0x20 || c == 0x7F || "\"#%'*/:=?\\{[]^".indexOf(c) >= 0;
    }
}
