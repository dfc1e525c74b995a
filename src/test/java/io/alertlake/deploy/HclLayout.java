package io.alertlake.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * The layout {@code terraform fmt} gives a file, checked line by line so that a misformatted file fails here
 * and not only in the terraform workflow: two spaces per open bracket, the {@code =} of consecutive one-line
 * attributes in one column, trailing comments of consecutive lines in one column, no trailing blanks.
 * <p>
 * It follows the formatter's rules: a line is an "attribute" for alignment only when its value closes on the
 * same line, so a multi-line value, a block header, a comment-only or a blank line ends a run of aligned lines.
 * Expression spacing ({@code ["a"]}, {@code { a = 1 }}) is not checked.
 */
final class HclLayout {

    private HclLayout() {
    }

    /** One problem per message, each naming the line; empty when the file is laid out as fmt would. */
    static List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        if (!text.isEmpty() && (!text.endsWith("\n") || text.endsWith("\n\n"))) {
            problems.add("the file must end with exactly one newline");
        }
        String[] lines = text.split("\n", -1);
        List<Line> parsed = new ArrayList<>();
        for (String line : lines) {
            parsed.add(Line.of(line));
        }
        checkIndent(parsed, problems);
        checkAlignment(parsed, problems);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("\t")) {
                problems.add(at(i, "tab"));
            }
            if (!lines[i].equals(lines[i].stripTrailing())) {
                problems.add(at(i, "trailing whitespace"));
            }
            if (lines[i].contains("<<")) {
                problems.add(at(i, "heredoc: use jsonencode() or a file"));
            }
        }
        return problems;
    }

    /** Each line is indented by two spaces per bracket level still open; a line that closes one is dedented. */
    private static void checkIndent(List<Line> lines, List<String> problems) {
        List<Integer> levels = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            if (line.code.isBlank() && line.comment.isEmpty()) {
                continue;
            }
            int expected;
            if (line.netBrackets > 0) {
                expected = 2 * levels.size();
                levels.add(line.netBrackets);
            } else {
                int closed = -line.netBrackets;
                while (closed > 0 && !levels.isEmpty()) {
                    int last = levels.getLast();
                    if (closed >= last) {
                        closed -= last;
                        levels.removeLast();
                    } else {
                        levels.set(levels.size() - 1, last - closed);
                        closed = 0;
                    }
                }
                expected = 2 * levels.size();
            }
            int actual = line.text.length() - line.text.stripLeading().length();
            if (actual != expected) {
                problems.add(at(i, "indented " + actual + " spaces, fmt indents " + expected));
            }
        }
    }

    private static void checkAlignment(List<Line> lines, List<String> problems) {
        // '=' of a run of one-line attributes: one space after the longest name
        int start = -1;
        for (int i = 0; i <= lines.size(); i++) {
            boolean attribute = i < lines.size() && lines.get(i).equals >= 0;
            if (attribute && start < 0) {
                start = i;
            } else if (!attribute && start >= 0) {
                int column = 0;
                for (int j = start; j < i; j++) {
                    column = Math.max(column, lines.get(j).code.substring(0, lines.get(j).equals).stripTrailing().length() + 1);
                }
                for (int j = start; j < i; j++) {
                    Line line = lines.get(j);
                    if (line.equals != column) {
                        problems.add(at(j, "'=' in column " + (line.equals + 1) + ", fmt aligns it to " + (column + 1)));
                    }
                    if (line.code.length() > line.equals + 1 && (line.code.charAt(line.equals + 1) != ' '
                            || line.code.length() > line.equals + 2 && line.code.charAt(line.equals + 2) == ' ')) {
                        problems.add(at(j, "exactly one space goes after '='"));
                    }
                }
                start = -1;
            }
        }
        // trailing comments of consecutive lines: one space after the longest code
        start = -1;
        for (int i = 0; i <= lines.size(); i++) {
            boolean trailing = i < lines.size() && !lines.get(i).comment.isEmpty() && !lines.get(i).code.isBlank();
            if (trailing && start < 0) {
                start = i;
            } else if (!trailing && start >= 0) {
                int column = 0;
                for (int j = start; j < i; j++) {
                    column = Math.max(column, lines.get(j).code.stripTrailing().length() + 1);
                }
                for (int j = start; j < i; j++) {
                    if (lines.get(j).code.length() != column) {
                        problems.add(at(j, "comment in column " + (lines.get(j).code.length() + 1)
                                + ", fmt aligns it to " + (column + 1)));
                    }
                }
                start = -1;
            }
        }
    }

    private static String at(int index, String problem) {
        return "line " + (index + 1) + ": " + problem;
    }

    /**
     * One line split like the formatter splits it: code, trailing comment, the net change of bracket depth
     * and, for a one-line attribute, the index of its '='.
     */
    private record Line(String text, String code, String comment, int netBrackets, int equals) {

        static Line of(String text) {
            // a stack of lexer states: 'e' expression, 's' string, 't' expression inside a string's ${ }
            StringBuilder states = new StringBuilder("e");
            List<Integer> templateDepth = new ArrayList<>();
            int net = 0;
            int firstEquals = -1;
            int netAtEquals = 0;
            int commentAt = -1;
            for (int i = 0; i < text.length() && commentAt < 0; i++) {
                char c = text.charAt(i);
                char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                char state = states.charAt(states.length() - 1);
                if (state == 's') {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        states.setLength(states.length() - 1);
                    } else if ((c == '$' || c == '%') && next == '{') {
                        states.append('t');
                        templateDepth.add(0);
                        net++;
                        i++;
                    }
                    continue;
                }
                switch (c) {
                    case '"' -> states.append('s');
                    case '#' -> commentAt = i;
                    case '/' -> {
                        if (next == '/' || next == '*') {
                            commentAt = i;
                        }
                    }
                    case '(', '[', '{' -> {
                        net++;
                        if (state == 't') {
                            templateDepth.set(templateDepth.size() - 1, templateDepth.getLast() + 1);
                        }
                    }
                    case ')', ']', '}' -> {
                        net--;
                        if (state == 't' && c == '}') {
                            if (templateDepth.getLast() == 0) {
                                templateDepth.removeLast();
                                states.setLength(states.length() - 1);
                            } else {
                                templateDepth.set(templateDepth.size() - 1, templateDepth.getLast() - 1);
                            }
                        } else if (state == 't') {
                            templateDepth.set(templateDepth.size() - 1, templateDepth.getLast() - 1);
                        }
                    }
                    case '=' -> {
                        char before = i > 0 ? text.charAt(i - 1) : 0;
                        boolean operator = next == '=' || next == '>' || "=!<>".indexOf(before) >= 0;
                        if (!operator && firstEquals < 0 && !text.substring(0, i).isBlank()) {
                            firstEquals = i;
                            netAtEquals = net;
                        }
                    }
                    default -> {
                    }
                }
            }
            String code = commentAt < 0 ? text : text.substring(0, commentAt);
            String comment = commentAt < 0 ? "" : text.substring(commentAt);
            // the formatter aligns an '=' only when the value after it opens no bracket it does not close
            int equals = firstEquals >= 0 && net - netAtEquals == 0 ? firstEquals : -1;
            return new Line(text, code, comment, net, equals);
        }
    }
}
