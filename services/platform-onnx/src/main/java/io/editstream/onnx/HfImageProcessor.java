package io.editstream.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The image preprocessing of a Hugging Face export's {@code preprocessor_config.json}, as transformers' (slow)
 * {@code CLIPImageProcessor} and {@code BitImageProcessor} (DINOv2) run it: RGB (alpha dropped, as PIL's
 * {@code convert("RGB")}); resize so the shortest edge is {@code size.shortest_edge} and the long edge
 * {@code int(S · long / short)} (or to {@code size.height × size.width}) with PIL's bicubic or bilinear filter on
 * the 8-bit image ({@link PilResize}, bit-exact with Pillow); centre crop to {@code crop_size} with
 * top = (H − h) / 2 and left = (W − w) / 2 rounded down; {@code x · rescale_factor} (float64, then float32);
 * {@code (x − mean) / std} in float32; CHW. Both the modern key layout ({@code "size": {"shortest_edge": 224}},
 * {@code "crop_size": {"height", "width"}}) and the legacy one of the original OpenAI repositories
 * ({@code "size": 224, "crop_size": 224}) are read; absent flags take the processors' defaults (all on, 1/255).
 */
public final class HfImageProcessor {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final boolean doResize;
    private final int shortestEdge;
    private final int resizeHeight;
    private final int resizeWidth;
    private final PilResize.Filter filter;
    private final boolean doCrop;
    private final int cropHeight;
    private final int cropWidth;
    private final boolean doRescale;
    private final double rescaleFactor;
    private final boolean doNormalize;
    private final float[] mean;
    private final float[] std;

    private HfImageProcessor(String source, JsonNode c) {
        this.source = source;
        doResize = c.path("do_resize").asBoolean(true);
        JsonNode size = c.path("size");
        if (size.canConvertToInt()) {
            shortestEdge = size.asInt();
            resizeHeight = resizeWidth = 0;
        } else if (size.has("shortest_edge")) {
            shortestEdge = size.path("shortest_edge").asInt();
            resizeHeight = resizeWidth = 0;
        } else if (size.has("height") && size.has("width")) {
            shortestEdge = 0;
            resizeHeight = size.path("height").asInt();
            resizeWidth = size.path("width").asInt();
        } else if (doResize) {
            throw invalid("\"size\" must be a number, {\"shortest_edge\": S} or {\"height\": H, \"width\": W}");
        } else {
            shortestEdge = resizeHeight = resizeWidth = 0;
        }
        int resample = c.path("resample").asInt(3);
        filter = PilResize.Filter.of(resample);
        if (doResize && filter == null) {
            throw invalid("\"resample\": " + resample + " is not supported; expected 3 (bicubic) or 2 (bilinear)");
        }
        doCrop = c.path("do_center_crop").asBoolean(true);
        JsonNode crop = c.path("crop_size");
        if (crop.canConvertToInt()) {
            cropHeight = cropWidth = crop.asInt();
        } else if (crop.has("height") && crop.has("width")) {
            cropHeight = crop.path("height").asInt();
            cropWidth = crop.path("width").asInt();
        } else if (doCrop) {
            throw invalid("\"crop_size\" must be a number or {\"height\": H, \"width\": W}");
        } else {
            cropHeight = cropWidth = 0;
        }
        if (doCrop && doResize && shortestEdge > 0 && shortestEdge < Math.max(cropHeight, cropWidth)) {
            throw invalid("shortest edge " + shortestEdge + " is smaller than the crop " + cropWidth + "x" + cropHeight
                    + " (the processors would pad; not supported)");
        }
        if (!doCrop && !(doResize && shortestEdge == 0)) {
            throw invalid("without a centre crop the image must be resized to a fixed \"size\": {\"height\", \"width\"}");
        }
        doRescale = c.path("do_rescale").asBoolean(true);
        rescaleFactor = c.path("rescale_factor").asDouble(1.0 / 255);
        doNormalize = c.path("do_normalize").asBoolean(true);
        mean = triple(c, "image_mean");
        std = triple(c, "image_std");
        for (float s : std) {
            if (s == 0f) {
                throw invalid("\"image_std\" must not contain 0");
            }
        }
    }

    /** Reads a {@code preprocessor_config.json}; a missing or malformed file names itself and what is expected. */
    public static HfImageProcessor load(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new BundleException("image preprocessor config " + file + " is missing; expected the "
                    + "preprocessor_config.json of the Hugging Face export (CLIPImageProcessor / BitImageProcessor: "
                    + "size, resample, crop_size, image_mean, image_std)");
        }
        try {
            return fromJson(JSON.readTree(file.toFile()), file.toString());
        } catch (IOException e) {
            throw new BundleException("image preprocessor config " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    public static HfImageProcessor fromJson(JsonNode config, String source) {
        if (config == null || !config.isObject()) {
            throw new BundleException("image preprocessor config " + source + " must hold a JSON object");
        }
        return new HfImageProcessor(source, config);
    }

    private BundleException invalid(String problem) {
        return new BundleException("image preprocessor config " + source + ": " + problem);
    }

    private float[] triple(JsonNode c, String key) {
        JsonNode v = c.path(key);
        if (!doNormalize) {
            return new float[] {0f, 0f, 0f};
        }
        if (!v.isArray() || v.size() != 3) {
            throw invalid("\"" + key + "\" must be 3 numbers (R, G, B)");
        }
        return new float[] {(float) v.get(0).asDouble(), (float) v.get(1).asDouble(), (float) v.get(2).asDouble()};
    }

    /** {width, height} after the resize step. */
    public int[] resizedSize(int width, int height) {
        if (!doResize) {
            return new int[] {width, height};
        }
        if (shortestEdge == 0) {
            return new int[] {resizeWidth, resizeHeight};
        }
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        int newLong = (int) ((double) shortestEdge * longSide / shortSide);
        return width <= height ? new int[] {shortestEdge, newLong} : new int[] {newLong, shortestEdge};
    }

    /** {left, top, width, height} of the centre crop inside an image of the resized size. */
    public int[] cropBox(int resizedWidth, int resizedHeight) {
        if (!doCrop) {
            return new int[] {0, 0, resizedWidth, resizedHeight};
        }
        return new int[] {Math.floorDiv(resizedWidth - cropWidth, 2), Math.floorDiv(resizedHeight - cropHeight, 2),
                cropWidth, cropHeight};
    }

    /** The model's input side: {width, height} of every preprocessed image. */
    public int[] outputSize() {
        return doCrop ? new int[] {cropWidth, cropHeight} : new int[] {resizeWidth, resizeHeight};
    }

    /**
     * The part of the source image the model sees, as fractions {x0, y0, x1, y1} of its width and height (the
     * centre crop mapped back through the resize); a square patch grid covers exactly this box.
     */
    public double[] view(int width, int height) {
        int[] resized = resizedSize(width, height);
        int[] box = cropBox(resized[0], resized[1]);
        return new double[] {(double) box[0] / resized[0], (double) box[1] / resized[1],
                (double) (box[0] + box[2]) / resized[0], (double) (box[1] + box[3]) / resized[1]};
    }

    /** The resized and cropped image as interleaved RGB bytes (HWC), before rescaling: the processors' uint8 stage. */
    public byte[] croppedRgb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] packed = image.getRGB(0, 0, width, height, null, 0, width);
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < packed.length; i++) {
            rgb[i * 3] = (byte) (packed[i] >> 16);
            rgb[i * 3 + 1] = (byte) (packed[i] >> 8);
            rgb[i * 3 + 2] = (byte) packed[i];
        }
        int[] size = resizedSize(width, height);
        byte[] resized = doResize ? PilResize.resize(rgb, width, height, size[0], size[1], filter) : rgb;
        int[] box = cropBox(size[0], size[1]);
        if (box[0] < 0 || box[1] < 0) {
            throw new IllegalArgumentException("image " + width + "x" + height + " resized to " + size[0] + "x" + size[1]
                    + " is smaller than the crop " + box[2] + "x" + box[3] + " of " + source);
        }
        byte[] out = new byte[box[2] * box[3] * 3];
        for (int y = 0; y < box[3]; y++) {
            System.arraycopy(resized, ((y + box[1]) * size[0] + box[0]) * 3, out, y * box[2] * 3, box[2] * 3);
        }
        return out;
    }

    /** [1, 3, h, w] float32 pixel_values. */
    public FloatTensor preprocess(BufferedImage image) {
        int[] out = outputSize();
        int w = out[0];
        int h = out[1];
        byte[] rgb = croppedRgb(image);
        float[] data = new float[3 * w * h];
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                int v = rgb[i * 3 + c] & 0xFF;
                float x = doRescale ? (float) (v * rescaleFactor) : v;
                data[c * plane + i] = doNormalize ? (x - mean[c]) / std[c] : x;
            }
        }
        return new FloatTensor(new long[] {1, 3, h, w}, data);
    }

    /** One line for start-up logs. */
    public String describe() {
        String resize = !doResize ? "no resize" : shortestEdge > 0
                ? "shortest edge " + shortestEdge + " " + filter.name().toLowerCase(Locale.ROOT)
                : "resize " + resizeWidth + "x" + resizeHeight + " " + filter.name().toLowerCase(Locale.ROOT);
        return resize + (doCrop ? ", centre crop " + cropWidth + "x" + cropHeight : "")
                + (doRescale ? ", x" + (float) rescaleFactor : "")
                + (doNormalize ? ", mean " + Arrays.toString(mean) + " std " + Arrays.toString(std) : "");
    }

    @Override
    public String toString() {
        return "HfImageProcessor[" + source + ": " + describe() + "]";
    }
}
