package io.editstream.simulator;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A preview of triplets for eyeballing a dataset: each cell shows a source image and its target side
 * by side, cells in rows of {@link #COLUMNS}, on a dark background. Images are scaled up by whole
 * pixels (nearest neighbour) so what is seen is exactly what was written.
 */
public final class ContactSheet {
    public static final String FILE = "contact-sheet.png";
    static final int COLUMNS = 4;
    private static final int PAD = 4;
    private static final Color BACKGROUND = new Color(0x22, 0x22, 0x22);

    private ContactSheet() {
    }

    /** The sheet of these triplets, each image scaled by {@code zoom}. */
    public static BufferedImage of(List<Triplet> triplets, SceneRenderer renderer, int zoom) {
        if (triplets.isEmpty()) {
            throw new IllegalArgumentException("a contact sheet needs at least one triplet");
        }
        int cell = renderer.size() * zoom;
        int columns = Math.min(COLUMNS, triplets.size());
        int rows = (triplets.size() + columns - 1) / columns;
        int cellWidth = 2 * cell + 3 * PAD;
        BufferedImage sheet = new BufferedImage(columns * cellWidth, rows * (cell + 2 * PAD), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            for (int i = 0; i < triplets.size(); i++) {
                int x = (i % columns) * cellWidth + PAD;
                int y = (i / columns) * (cell + 2 * PAD) + PAD;
                g.drawImage(renderer.render(triplets.get(i).source()), x, y, cell, cell, null);
                g.drawImage(renderer.render(triplets.get(i).target()), x + cell + PAD, y, cell, cell, null);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** Writes the sheet as {@link #FILE} under {@code root} and returns its path. */
    public static Path write(Path root, List<Triplet> triplets, SceneRenderer renderer) throws IOException {
        int zoom = Math.max(1, 192 / renderer.size());
        Path file = root.resolve(FILE);
        Files.write(file, SceneRenderer.encodePng(of(triplets, renderer, zoom)));
        return file;
    }
}
