import CKernels
import Foundation
import ModelStorage
import WaveformOutput

/// The GE2E speaker encoder of resemblyzer (Apache-2.0): 40-bin power mel at 16 kHz, three LSTM
/// layers of 256, a linear layer with ReLU, L2 normalization. An utterance's embedding is the
/// normalized mean of the embeddings of 1.6 s partial windows (160 frames) taken every 77 frames.
///
/// Immutable after loading and safe to share between threads.
public final class SpeakerEncoder: Sendable {
    public static let sampleRate = 16000
    public static let embeddingSize = 256
    /// Names the embedding space; saved voices carry it so that a voice from another encoder is refused.
    public static let modelIdentifier = "resemblyzer-ge2e-256"

    static let melBins = 40
    static let hiddenSize = 256
    static let layers = 3
    static let partialFrames = 160
    static let resourceName = "ge2e_resemblyzer"

    struct Layer: Sendable {
        let inputSize: Int
        let weightIH: [Float]   // [4·hidden, input]
        let weightHH: [Float]   // [4·hidden, hidden]
        let bias: [Float]       // b_ih + b_hh, [4·hidden]
    }

    let layers: [Layer]
    let linearWeight: [Float]   // [256, 256]
    let linearBias: [Float]
    let mel = EncoderMel()

    /// Loads the encoder from a safetensors file written by Tools/speaker/convert_resemblyzer.py
    /// (F32 or F16 tensors). Throws ModelFileError naming the file and tensor when anything is off.
    public init(contentsOf url: URL) throws {
        let file = try SafetensorsFile(path: url.path)
        func tensor(_ name: String, _ shape: [Int]) throws -> [Float] {
            guard let info = file.tensors[name] else {
                throw ModelFileError(file: url.path, tensor: name, reason: "missing; is this a speaker encoder file?")
            }
            guard info.shape == shape else {
                throw ModelFileError(file: url.path, tensor: name, reason: "shape \(info.shape), expected \(shape)")
            }
            let raw = file.rawBytes(info)
            var out = [Float](repeating: 0, count: info.elementCount)
            switch info.dtype {
            case .f32:
                out.withUnsafeMutableBytes { $0.copyMemory(from: raw) }
            case .f16, .bf16:
                let halves = raw.withMemoryRebound(to: UInt16.self) { Array($0) }
                let status = info.dtype == .f16 ? gt_f16_to_f32(&out, halves, halves.count)
                                                : gt_bf16_to_f32(&out, halves, halves.count)
                precondition(status == GT_OK)
            default:
                throw ModelFileError(file: url.path, tensor: name, reason: "dtype \(info.dtype.rawValue); expected F32, F16 or BF16")
            }
            guard out.allSatisfy(\.isFinite) else {
                throw ModelFileError(file: url.path, tensor: name, reason: "holds NaN or infinite values")
            }
            return out
        }
        let h = Self.hiddenSize
        var layers: [Layer] = []
        for l in 0..<Self.layers {
            let input = l == 0 ? Self.melBins : h
            let bIH = try tensor("lstm.bias_ih_l\(l)", [4 * h])
            let bHH = try tensor("lstm.bias_hh_l\(l)", [4 * h])
            layers.append(Layer(inputSize: input,
                                weightIH: try tensor("lstm.weight_ih_l\(l)", [4 * h, input]),
                                weightHH: try tensor("lstm.weight_hh_l\(l)", [4 * h, h]),
                                bias: zip(bIH, bHH).map { $0 + $1 }))
        }
        self.layers = layers
        linearWeight = try tensor("linear.weight", [Self.embeddingSize, h])
        linearBias = try tensor("linear.bias", [Self.embeddingSize])
    }

    /// The weights that ship with the library (resemblyzer's pretrained.pt, converted to F16), loaded
    /// once per process. The environment variable GLMTTS_SPEAKER_ENCODER may name another file.
    public static func bundled() throws -> SpeakerEncoder {
        try bundledEncoder.get()
    }

    private static let bundledEncoder: Result<SpeakerEncoder, Error> = Result {
        guard let url = bundledWeightsURL() else {
            throw ModelFileError(file: "\(resourceName).safetensors",
                                 reason: "not found: the SpeakerStyle resource folder (*_SpeakerStyle.resources) must sit next to the executable, or GLMTTS_SPEAKER_ENCODER must name the file")
        }
        return try SpeakerEncoder(contentsOf: url)
    }

    /// Finds the resource without `Bundle.module`, whose accessor stops the process when the bundle
    /// is missing (an executable copied without its resource folder): a missing file must be an error.
    static func bundledWeightsURL() -> URL? {
        let fileManager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["GLMTTS_SPEAKER_ENCODER"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let folders = [Bundle.main.bundleURL, Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent()]
        let file = "\(resourceName).safetensors"
        for folder in folders.compactMap({ $0 }) {
            guard let entries = try? fileManager.contentsOfDirectory(atPath: folder.path) else { continue }
            for entry in entries.sorted() where entry.hasSuffix("_SpeakerStyle.resources") || entry.hasSuffix("_SpeakerStyle.bundle") {
                let bundle = folder.appendingPathComponent(entry)
                for candidate in [bundle.appendingPathComponent(file),
                                  bundle.appendingPathComponent("Contents/Resources").appendingPathComponent(file)]
                where fileManager.fileExists(atPath: candidate.path) {
                    return candidate
                }
            }
        }
        return nil
    }

    // MARK: - Embedding

    /// resemblyzer's full pipeline: resample to 16 kHz (libsoxr HQ), normalize the volume, trim long
    /// silences, then `embedPreprocessed`. Nil when nothing is left after trimming.
    public func embed(_ waveform: Waveform) throws -> [Float]? {
        let audio = try waveform.resampled(to: Self.sampleRate)
        let processed = EncoderPreprocessing.apply(audio.samples)
        guard !processed.isEmpty else { return nil }
        return embedPreprocessed(processed)
    }

    /// resemblyzer's `embed_utterance` on 16 kHz samples that are already preprocessed (or that
    /// should not be): the L2-normalized mean of the partial embeddings.
    public func embedPreprocessed(_ samples: [Float]) -> [Float] {
        let partials = partialEmbeddings(samples)
        var mean = [Float](repeating: 0, count: Self.embeddingSize)
        for p in partials { for i in mean.indices { mean[i] += p[i] } }
        for i in mean.indices { mean[i] /= Float(partials.count) }
        return Self.normalized(mean)
    }

    /// The embedding of each 1.6 s window, in order.
    public func partialEmbeddings(_ samples: [Float]) -> [[Float]] {
        let slices = Self.partialSlices(sampleCount: samples.count)
        let lastStop = slices.last!.upperBound * EncoderMel.hop
        var audio = samples
        if lastStop >= audio.count { audio += [Float](repeating: 0, count: lastStop - audio.count) }
        let features = mel(audio)
        return forward(slices.map { features.frames($0) })
    }

    /// resemblyzer's `compute_partial_slices` with rate 1.3 and min_coverage 0.75: mel-frame ranges
    /// of 160 frames every 77; the last is dropped if less than 75 % of it holds audio (unless it is
    /// the only one).
    static func partialSlices(sampleCount: Int, rate: Double = 1.3, minCoverage: Double = 0.75) -> [Range<Int>] {
        let hop = EncoderMel.hop
        let frameCount = Int((Double(sampleCount + 1) / Double(hop)).rounded(.up))
        let step = Int((Double(sampleRate) / rate / Double(hop)).rounded(.toNearestOrEven))
        let steps = max(1, frameCount - partialFrames + step + 1)
        var slices = stride(from: 0, to: steps, by: step).map { $0..<($0 + partialFrames) }
        let last = slices.last!
        let coverage = Double(sampleCount - last.lowerBound * hop) / Double(partialFrames * hop)
        if coverage < minCoverage && slices.count > 1 { slices.removeLast() }
        return slices
    }

    /// Runs the network on partials of equal length, all at once: per layer, the input projections
    /// of every frame are one GEMM; each time step is then one [batch, 256] × [256, 1024] GEMM.
    func forward(_ partials: [MelSpectrogram]) -> [[Float]] {
        let batch = partials.count
        let steps = partials[0].frameCount
        let h = Self.hiddenSize
        var sequence = [Float]()  // [batch][steps][input]
        sequence.reserveCapacity(batch * steps * Self.melBins)
        for p in partials {
            precondition(p.frameCount == steps && p.binCount == Self.melBins)
            sequence += p.values
        }
        var hidden = [Float](repeating: 0, count: batch * h)
        for layer in layers {
            var projected = [Float](repeating: 0, count: batch * steps * 4 * h)
            var status = gt_linear_f32(&projected, sequence, layer.weightIH, layer.bias, Int32(batch * steps),
                                       Int32(layer.inputSize), Int32(4 * h))
            precondition(status == GT_OK)
            var output = [Float](repeating: 0, count: batch * steps * h)
            var cell = [Float](repeating: 0, count: batch * h)
            hidden = [Float](repeating: 0, count: batch * h)
            var gates = [Float](repeating: 0, count: batch * 4 * h)
            for t in 0..<steps {
                for b in 0..<batch {
                    let from = (b * steps + t) * 4 * h
                    gates.replaceSubrange((b * 4 * h)..<((b + 1) * 4 * h), with: projected[from..<(from + 4 * h)])
                }
                status = gt_gemm_f32(0, 1, Int32(batch), Int32(4 * h), Int32(h), 1, hidden, Int32(h),
                                     layer.weightHH, Int32(h), 1, &gates, Int32(4 * h))
                precondition(status == GT_OK)
                for b in 0..<batch {
                    let g = b * 4 * h
                    for j in 0..<h {
                        let i = Self.sigmoid(gates[g + j])
                        let f = Self.sigmoid(gates[g + h + j])
                        let c = Foundation.tanh(gates[g + 2 * h + j])
                        let o = Self.sigmoid(gates[g + 3 * h + j])
                        let newCell = f * cell[b * h + j] + i * c
                        cell[b * h + j] = newCell
                        let newHidden = o * Foundation.tanh(newCell)
                        hidden[b * h + j] = newHidden
                        output[(b * steps + t) * h + j] = newHidden
                    }
                }
            }
            sequence = output
        }
        var raw = [Float](repeating: 0, count: batch * Self.embeddingSize)
        let status = gt_linear_f32(&raw, hidden, linearWeight, linearBias, Int32(batch), Int32(h), Int32(Self.embeddingSize))
        precondition(status == GT_OK)
        return (0..<batch).map { b in
            Self.normalized(raw[(b * Self.embeddingSize)..<((b + 1) * Self.embeddingSize)].map { max($0, 0) })
        }
    }

    static func sigmoid(_ x: Float) -> Float { 1 / (1 + Foundation.exp(-x)) }

    static func normalized(_ v: [Float]) -> [Float] {
        var sum: Float = 0
        for x in v { sum += x * x }
        let norm = sum.squareRoot()
        guard norm > 0 else { return v }
        return v.map { $0 / norm }
    }

    /// Cosine similarity of two embeddings (their dot product when both are normalized).
    public static func cosineSimilarity(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "embeddings of different sizes")
        var dot: Double = 0, na: Double = 0, nb: Double = 0
        for i in a.indices {
            dot += Double(a[i]) * Double(b[i])
            na += Double(a[i]) * Double(a[i])
            nb += Double(b[i]) * Double(b[i])
        }
        guard na > 0, nb > 0 else { return 0 }
        return Float(dot / (na.squareRoot() * nb.squareRoot()))
    }
}
