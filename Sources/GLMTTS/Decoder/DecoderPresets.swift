/// Decoder shapes used by benchmarks and the test model.
public enum DecoderPresets {
    /// 4 layers of hidden 256 (4 heads of 64, 2 key/value heads), MLP 768, vocabulary 1024.
    public static let small = LlamaConfiguration(
        hiddenSize: 256, numHiddenLayers: 4, numAttentionHeads: 4, numKeyValueHeads: 2, headDim: 64,
        intermediateSize: 768, vocabSize: 1024, ropeTheta: 10000, rmsNormEps: 1e-5, maxPositionEmbeddings: 8192)
}
