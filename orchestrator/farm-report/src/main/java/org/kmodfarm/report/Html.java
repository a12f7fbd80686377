package org.kmodfarm.report;

/** Text made safe for HTML element content and quoted attribute values. */
final class Html {
    private Html() {
    }

    /** {@code text} cleaned as for XML (terminal escapes, control characters) with markup characters escaped. */
    static String text(String text) {
        String clean = Xml.clean(text);
        StringBuilder out = new StringBuilder(clean.length() + 16);
        for (int i = 0; i < clean.length(); i++) {
            char ch = clean.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
