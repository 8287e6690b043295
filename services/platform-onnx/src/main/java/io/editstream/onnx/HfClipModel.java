package io.editstream.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hugging Face CLIP export (bundle kind {@code clip-hf}, see models/README.md): images prepared by the export's
 * {@code preprocessor_config.json} ({@link HfImageProcessor}, as CLIPImageProcessor), texts by its BPE tokenizer
 * ({@link ClipTokenizer}, padded to 77 with an attention mask), embeddings projected and L2-normalised.
 * Graphs, by role (manifest {@code files}, else these names in the bundle folder):
 * <ul>
 *   <li>{@code model} ({@code model.onnx}): the {@code optimum-cli export onnx --task feature-extraction} CLIPModel,
 *       {@value #MODEL_SIGNATURE};</li>
 *   <li>{@code vision_model} ({@code vision_model.onnx}): CLIPVisionModelWithProjection, {@value #VISION_SIGNATURE};</li>
 *   <li>{@code text_model} ({@code text_model.onnx}): CLIPTextModelWithProjection, {@value #TEXT_SIGNATURE};</li>
 *   <li>{@code visual_projection} ({@code visual_projection.onnx}, optional): the vision tower's post-layernorm and
 *       projection, {@value #PROJECTION_SIGNATURE}.</li>
 * </ul>
 * Images go through {@code vision_model} when present, else {@code model}; texts through {@code text_model}, else
 * {@code model} (fed a dummy input on the other side). Patch tokens need {@code vision_model}: its
 * {@code last_hidden_state} without the CLS row (a grid of (image_size / patch_size)² tokens; kept whole when the
 * export has no CLS, as SigLIP), through {@code visual_projection} when present so that they live in the
 * joint space of the text embeddings; without it they are used as they are only if the vision width already
 * equals the projection width. {@code config.json} (sizes) and the tokenizer ({@code tokenizer/} or next to the
 * graphs, or the manifest's {@code tokenizerDir}) are required. Every check runs at load.
 */
public final class HfClipModel implements ClipEncoder {
    public static final String KIND = "clip-hf";
    static final String MODEL_SIGNATURE = "input_ids int64 [Bt,T], pixel_values float [Bi,3,H,W], attention_mask int64 "
            + "[Bt,T] -> text_embeds float [Bt,P], image_embeds float [Bi,P] (+ logits_per_image, logits_per_text)";
    static final String VISION_SIGNATURE = "pixel_values float [B,3,H,W] -> image_embeds float [B,P], "
            + "last_hidden_state float [B,1+N,Dv]";
    static final String TEXT_SIGNATURE = "input_ids int64|int32 [B,T] (+ attention_mask [B,T]) -> text_embeds float "
            + "[B,P], last_hidden_state float [B,T,Dt]";
    static final String PROJECTION_SIGNATURE = "last_hidden_state float [B,S,Dv] -> patch_embeds float [B,S,P]";
    private static final Logger LOG = LoggerFactory.getLogger(HfClipModel.class);

    private final ModelBundle bundle;
    private final HfImageProcessor processor;
    private final ClipTokenizer tokenizer;
    private final int tokens;
    private final int width;
    private final int gridTokens;
    private final OnnxModel model;
    private final OnnxModel vision;
    private final OnnxModel text;
    private final OnnxModel projection;
    private final boolean patchTokens;

    private HfClipModel(ModelBundle bundle, HfImageProcessor processor, ClipTokenizer tokenizer, int tokens, int width,
                        int gridTokens, Map<String, OnnxModel> graphs, boolean patchTokens) {
        this.bundle = bundle;
        this.processor = processor;
        this.tokenizer = tokenizer;
        this.tokens = tokens;
        this.width = width;
        this.gridTokens = gridTokens;
        this.model = graphs.get("model");
        this.vision = graphs.get("vision_model");
        this.text = graphs.get("text_model");
        this.projection = graphs.get("visual_projection");
        this.patchTokens = patchTokens;
    }

    /** Loads and checks every graph, config and tokenizer file; closes what was opened when a check fails. */
    public static HfClipModel load(ModelBundle bundle, Device device) {
        if (!KIND.equals(bundle.kind())) {
            throw new BundleException("model bundle " + bundle.dir() + " is of kind '" + bundle.kind() + "', not '" + KIND + "'");
        }
        Path configFile = HfClipExport.role(bundle, "config", "config.json");
        if (configFile == null) {
            throw new BundleException("CLIP bundle " + bundle.dir() + ": " + bundle.dir().resolve("config.json")
                    + " is missing; expected the CLIPConfig "
                    + "of the export (projection_dim, text_config, vision_config with image_size and patch_size)");
        }
        JsonNode config = HfClipExport.readJson(configFile);
        JsonNode visionConfig = config.path("vision_config");
        JsonNode textConfig = config.path("text_config");
        int projectionDim = config.path("projection_dim").asInt(textConfig.path("projection_dim").asInt(0));
        int imageSize = visionConfig.path("image_size").asInt(0);
        int patchSize = visionConfig.path("patch_size").asInt(0);
        int visionWidth = visionConfig.path("hidden_size").asInt(0);
        if (projectionDim < 1 || imageSize < 1 || patchSize < 1 || imageSize % patchSize != 0 || visionWidth < 1) {
            throw new BundleException(configFile + " must give projection_dim, vision_config.image_size, patch_size "
                    + "(dividing image_size) and hidden_size as positive numbers (a CLIPConfig)");
        }
        Path preprocessorFile = HfClipExport.role(bundle, "preprocessor_config", "preprocessor_config.json");
        HfImageProcessor processor = HfImageProcessor.load(preprocessorFile == null
                ? bundle.dir().resolve("preprocessor_config.json") : preprocessorFile);
        int[] input = processor.outputSize();
        if (input[0] != imageSize || input[1] != imageSize) {
            throw new BundleException(preprocessorFile + " crops to " + input[0] + "x" + input[1] + " but " + configFile
                    + " says vision_config.image_size " + imageSize);
        }
        ClipTokenizer tokenizer = ClipTokenizer.load(HfClipExport.tokenizerDir(bundle));
        int tokens = HfClipExport.textLength(bundle, HfClipExport.tokenizerDir(bundle), textConfig);

        Map<String, Path> files = new HashMap<>();
        for (String[] r : new String[][] {{"model", "model.onnx"}, {"vision_model", "vision_model.onnx"},
                {"text_model", "text_model.onnx"}, {"visual_projection", "visual_projection.onnx"}}) {
            Path file = HfClipExport.role(bundle, r[0], r[1]);
            if (file != null) {
                files.put(r[0], file);
            }
        }
        boolean images = files.containsKey("vision_model") || files.containsKey("model");
        boolean texts = files.containsKey("text_model") || files.containsKey("model");
        if (!images || !texts) {
            throw new BundleException("CLIP bundle " + bundle.dir() + " needs model.onnx (" + MODEL_SIGNATURE
                    + ") or vision_model.onnx (" + VISION_SIGNATURE + ") with text_model.onnx (" + TEXT_SIGNATURE
                    + "); it has " + files.keySet());
        }
        Map<String, OnnxModel> graphs = new HashMap<>();
        try {
            for (Map.Entry<String, Path> f : files.entrySet()) {
                OnnxModel graph = OnnxModel.load(f.getValue(), device);
                graphs.put(f.getKey(), graph);
                HfClipExport.check(f.getKey(), graph, projectionDim);
            }
            int grid = (imageSize / patchSize) * (imageSize / patchSize);
            boolean patches = graphs.containsKey("vision_model")
                    && (graphs.containsKey("visual_projection") || visionWidth == projectionDim);
            HfClipModel clip = new HfClipModel(bundle, processor, tokenizer, tokens, projectionDim, grid, graphs, patches);
            LOG.info("CLIP bundle {} ({}) loaded: {}", bundle.dir(), bundle.name() + " " + bundle.version(), clip.describe());
            return clip;
        } catch (RuntimeException e) {
            graphs.values().forEach(OnnxModel::close);
            throw e;
        }
    }

    @Override
    public ClipModel.ImageEncoding encodeImage(BufferedImage image) {
        FloatTensor pixels = processor.preprocess(image);
        if (vision == null) {
            Map<String, Tensor> feed = new HashMap<>();
            feed.put("pixel_values", pixels);
            putText(feed, model, tokenizer.encode("", tokens));
            return new ClipModel.ImageEncoding(null, unit(model.run(feed).get("image_embeds").data()));
        }
        Map<String, FloatTensor> out = vision.run(Map.of("pixel_values", pixels));
        float[] embedding = unit(out.get("image_embeds").data());
        if (!patchTokens) {
            return new ClipModel.ImageEncoding(null, embedding);
        }
        FloatTensor hidden = out.get("last_hidden_state");
        int rows = hidden.dim(1);
        int dim = hidden.dim(2);
        int skip = rows == gridTokens + 1 ? 1 : 0;
        if (rows - skip != gridTokens) {
            throw new InferenceException(vision.file() + ": last_hidden_state has " + rows + " tokens, expected "
                    + gridTokens + " patches (+1 CLS) from config.json", null);
        }
        FloatTensor patches = new FloatTensor(new long[] {1, gridTokens, dim},
                Arrays.copyOfRange(hidden.data(), skip * dim, rows * dim));
        if (projection != null) {
            patches = projection.run(Map.of("last_hidden_state", patches)).get("patch_embeds");
        }
        return new ClipModel.ImageEncoding(patches, embedding);
    }

    @Override
    public float[] encodeText(String value) {
        LongTensor ids = tokenizer.encode(value, tokens);
        Map<String, Tensor> feed = new HashMap<>();
        OnnxModel graph = text != null ? text : model;
        putText(feed, graph, ids, attentionMask(value));
        if (text == null) {
            int[] size = processor.outputSize();
            feed.put("pixel_values", new FloatTensor(new long[] {1, 3, size[1], size[0]}, new float[3 * size[0] * size[1]]));
        }
        return unit(graph.run(feed).get("text_embeds").data());
    }

    private void putText(Map<String, Tensor> feed, OnnxModel graph, LongTensor ids) {
        putText(feed, graph, ids, attentionMask(""));
    }

    private static void putText(Map<String, Tensor> feed, OnnxModel graph, LongTensor ids, LongTensor mask) {
        feed.put("input_ids", ids);
        if (graph.inputShapes().containsKey("attention_mask")) {
            feed.put("attention_mask", mask);
        }
    }

    /** 1 for start, text tokens (as truncated) and end, 0 for padding: what CLIPTokenizer(padding="max_length") gives. */
    LongTensor attentionMask(String value) {
        int used = Math.min(tokenizer.tokenIds(value).size(), tokens - 2) + 2;
        long[] mask = new long[tokens];
        Arrays.fill(mask, 0, used, 1L);
        return new LongTensor(new long[] {1, tokens}, mask);
    }

    LongTensor inputIds(String value) {
        return tokenizer.encode(value, tokens);
    }

    private static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        float norm = (float) Math.sqrt(sum);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = norm == 0f ? 0f : v[i] / norm;
        }
        return out;
    }

    @Override
    public boolean hasPatchTokens() {
        return patchTokens;
    }

    @Override
    public double[] patchGridView(int imageWidth, int imageHeight) {
        return processor.view(imageWidth, imageHeight);
    }

    /** P: the width of the embeddings and (projected) patch tokens. */
    public int width() {
        return width;
    }

    public int textTokens() {
        return tokens;
    }

    @Override
    public String describe() {
        List<String> graphs = new ArrayList<>();
        for (OnnxModel g : new OnnxModel[] {model, vision, text, projection}) {
            if (g != null) {
                graphs.add(g.file().getFileName().toString());
            }
        }
        return KIND + " " + bundle.name() + " " + bundle.version() + " on " + provider() + ": graphs " + graphs
                + ", embeddings " + width + "-d, images: " + processor.describe() + "; texts: CLIP BPE ("
                + tokenizer.vocabSize() + " tokens) padded to " + tokens + "; patch tokens: "
                + (!patchTokens ? "none (needs vision_model.onnx" + (vision != null ? " and visual_projection.onnx" : "") + ")"
                : gridTokens + (projection != null ? " projected by visual_projection.onnx" : " unprojected"));
    }

    @Override
    public ModelBundle bundle() {
        return bundle;
    }

    @Override
    public String provider() {
        return (vision != null ? vision : model).provider();
    }

    @Override
    public void close() {
        for (OnnxModel g : new OnnxModel[] {model, vision, text, projection}) {
            if (g != null) {
                g.close();
            }
        }
    }
}
