import Foundation
import ModelStorage
import Testing
@testable import SpeakerStyle
import WaveformOutput

/// The GE2E encoder against resemblyzer 0.1.4's own output (Tools/speaker/make_fixtures.py).
@Suite struct SpeakerEncoderTests {
    struct Clip: Sendable, CustomTestStringConvertible {
        let file: String
        let samples: Int
        let preprocessedSamples: Int
        let embedding: [Float]
        let rawEmbedding: [Float]?
        var testDescription: String { file }
    }

    static let clips: [Clip] = {
        let root = try! Fixtures.json("embeddings.json")
        return (root["clips"] as! [[String: Any]]).map {
            Clip(file: $0["file"] as! String, samples: $0["samples"] as! Int,
                 preprocessedSamples: $0["preprocessed_samples"] as! Int,
                 embedding: Fixtures.floats($0["embedding"]),
                 rawEmbedding: ($0["raw_embedding"] is NSNull) ? nil : Fixtures.floats($0["raw_embedding"]))
        }
    }()

    static let alsa: [Clip] = {
        let root = try! Fixtures.json("embeddings.json")
        return (root["alsa"] as! [[String: Any]]).compactMap {
            let file = $0["file"] as! String
            guard FileManager.default.fileExists(atPath: file) else { return nil }
            return Clip(file: file, samples: 0, preprocessedSamples: $0["preprocessed_samples"] as! Int,
                        embedding: Fixtures.floats($0["embedding"]), rawEmbedding: nil)
        }
    }()

    /// resemblyzer's full pipeline (read, resample, normalize, VAD trim, embed): cosine ≥ 0.999 (the
    /// issue asks for 0.99; 0.999999 is typical), and the trimmed length equal to resemblyzer's (the
    /// same WebRTC VAD decides).
    @Test(arguments: clips)
    func fullPipelineAgreesWithResemblyzer(clip: Clip) throws {
        let encoder = try SpeakerEncoder.bundled()
        let audio = try AudioFile.read(Fixtures.url(clip.file))
        let resampled = try audio.resampled(to: 16000)
        let processed = EncoderPreprocessing.apply(resampled.samples)
        #expect(processed.count == clip.preprocessedSamples)
        let embedding = try #require(try encoder.embed(audio))
        let cosine = SpeakerEncoder.cosineSimilarity(embedding, clip.embedding)
        print("\(clip.file): cosine \(cosine)")
        #expect(cosine >= 0.999)
    }

    /// The network alone on the raw clip (no preprocessing): cosine ≥ 0.999 with F16 weights.
    @Test(arguments: clips.filter { $0.rawEmbedding != nil })
    func encoderAloneAgreesWithResemblyzer(clip: Clip) throws {
        let encoder = try SpeakerEncoder.bundled()
        let audio = try AudioFile.read(Fixtures.url(clip.file))
        let embedding = encoder.embedPreprocessed(audio.samples)
        let cosine = SpeakerEncoder.cosineSimilarity(embedding, clip.rawEmbedding!)
        print("\(clip.file) raw: cosine \(cosine)")
        #expect(cosine >= 0.999)
    }

    /// Real human speech (the ALSA test recordings, 48 kHz, so libsoxr's resampling is in the path)
    /// where the machine has them (Debian's alsa-utils): cosine ≥ 0.999.
    @Test(.enabled(if: !alsa.isEmpty), arguments: alsa)
    func realRecordingsAgreeWithResemblyzer(clip: Clip) throws {
        let encoder = try SpeakerEncoder.bundled()
        let audio = try AudioFile.read(URL(fileURLWithPath: clip.file))
        let embedding = try #require(try encoder.embed(audio))
        let cosine = SpeakerEncoder.cosineSimilarity(embedding, clip.embedding)
        print("\(clip.file): cosine \(cosine)")
        #expect(cosine >= 0.999)
    }

    /// A weights file that is not the encoder's: an error naming the file and the tensor.
    @Test func wrongWeightsFileNamesTheTensor() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ header: String, _ payload: Int) throws -> URL {
            var data = Data()
            let json = Data(header.utf8)
            withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
            data.append(json)
            data.append(Data(count: payload))
            let url = dir.appendingPathComponent("w\(header.count).safetensors")
            try data.write(to: url)
            return url
        }
        let missing = try write(#"{"linear.bias":{"dtype":"F32","shape":[256],"data_offsets":[0,1024]}}"#, 1024)
        #expect(throws: ModelFileError(file: missing.path, tensor: "lstm.bias_ih_l0", reason: "missing; is this a speaker encoder file?")) {
            try SpeakerEncoder(contentsOf: missing)
        }
        let shaped = try write(#"{"lstm.bias_ih_l0":{"dtype":"F32","shape":[512],"data_offsets":[0,2048]}}"#, 2048)
        #expect(throws: ModelFileError(file: shaped.path, tensor: "lstm.bias_ih_l0", reason: "shape [512], expected [1024]")) {
            try SpeakerEncoder(contentsOf: shaped)
        }
    }
}
