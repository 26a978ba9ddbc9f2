import TextEncoding

/// A small model with random weights, built in memory from fixed seeds: the whole pipeline runs
/// on it (text → phones → decoder → acoustic → upsampler), but what it says is noise, not speech.
/// It stands in for the bundled model until that is trained (see Docs/ModelFormat.md).
enum TestModel {
    static let identifier = "glmtts-test-model-1"

    static func configuration() -> ModelConfiguration {
        let symbols = ["<pad>", "<unk>", ",", ".", "?", "!"] + ARPAbet.phones
        let codes = 512
        let acoustic = AcousticConfiguration(codes: codes, channels: 64, speakerDim: 256, melBins: 80, kernel: 5, dilations: [1, 2, 4])
        func hift(_ rate: Int, _ rates: [Int], _ kernels: [Int]) -> ModelConfiguration.Stage<UpsamplerConfiguration> {
            .init(architecture: UpsamplerConfiguration(sampleRate: rate, channels: 32, upsampleRates: rates, upsampleKernelSizes: kernels,
                                                       istft: .init(nFFT: 16, hop: 4)),
                  weights: "(random)")
        }
        return ModelConfiguration(
            format: "glmtts-model", version: 1, name: "test model (random weights)", license: "none: generated in memory",
            symbols: symbols,
            speaker: .init(embeddingSize: 256, encoder: "resemblyzer-ge2e"),
            decoder: .init(directory: "(random)", conditioning: "(random)", speechOffset: symbols.count + 2, speechCodes: codes,
                           beginAudio: symbols.count, endAudio: symbols.count + 1, minTokensPerSymbol: 2, maxTokensPerSymbol: 3),
            acoustic: .init(architecture: acoustic, weights: "(random)"),
            upsamplers: ["24000": hift(24000, [8, 5, 3], [16, 11, 7]), "32000": hift(32000, [8, 5, 4], [16, 11, 8])])
    }

    static func decoderConfiguration(_ c: ModelConfiguration) -> LlamaConfiguration {
        LlamaConfiguration(hiddenSize: 128, numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, headDim: 32,
                           intermediateSize: 384, vocabSize: c.decoder.speechOffset + c.decoder.speechCodes, ropeTheta: 10000,
                           rmsNormEps: 1e-5, maxPositionEmbeddings: 8192)
    }
}
