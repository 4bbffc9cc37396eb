package org.sparseeoc.report;

/**
 * An opaque sRGB colour for plots, free of {@code java.awt} so that SVG plots can be drawn on a
 * Java runtime without the {@code java.desktop} module.
 */
public record PlotColor(int red, int green, int blue) {
    public static final PlotColor BLACK = new PlotColor(0, 0, 0);
    public static final PlotColor DARK_GRAY = new PlotColor(64, 64, 64);
    public static final PlotColor GRAY = new PlotColor(128, 128, 128);
    public static final PlotColor LIGHT_GRAY = new PlotColor(192, 192, 192);
    public static final PlotColor WHITE = new PlotColor(255, 255, 255);

    public PlotColor {
        check("red", red);
        check("green", green);
        check("blue", blue);
    }

    /** The colour written {@code 0xRRGGBB}. */
    public static PlotColor rgb(int hex) {
        if (hex < 0 || hex > 0xffffff) {
            throw new IllegalArgumentException("colour must be 0xRRGGBB, got 0x" + Integer.toHexString(hex));
        }
        return new PlotColor((hex >> 16) & 0xff, (hex >> 8) & 0xff, hex & 0xff);
    }

    /** CSS/SVG notation, {@code #rrggbb}. */
    public String hex() {
        return String.format("#%02x%02x%02x", red, green, blue);
    }

    private static void check(String channel, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(channel + " must be in [0, 255], got " + value);
        }
    }
}
