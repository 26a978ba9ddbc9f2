import Foundation
import Testing
@testable import SpeakerStyle
import WaveformOutput

/// Spectral features against Python references (Tools/speaker/make_fixtures.py).
@Suite struct FeatureTests {
    /// GLM-TTS's prompt mel against a float64 numpy implementation of its definition: within 1e-4
    /// (absolute, in log units) at every frame and bin, at 24 and 32 kHz. (GLM-TTS's own float32
    /// torch code differs from the same numpy by up to 4e-4 on this clip's near-silent top bands.)
    @Test(arguments: [MelConfiguration.glmTTS24k, .glmTTS32k])
    func promptMelMatchesNumpy(config: MelConfiguration) throws {
        let fixture = try Fixtures.json("prompt_mel.json")["\(config.sampleRate)"] as! [String: Any]
        let audio = try AudioFile.read(Fixtures.url(fixture["file"] as! String))
        #expect(audio.sampleRate == config.sampleRate)
        let mel = PromptMelExtractor(configuration: config)(audio.samples)
        let expected = Fixtures.floats(fixture["mel"])
        #expect(mel.frameCount == fixture["frames"] as! Int)
        #expect(mel.binCount == 80)
        #expect(mel.frameCount == audio.samples.count / config.hopLength)
        let worst = zip(mel.values, expected).map { abs($0 - $1) }.max()!
        print("prompt mel \(config.sampleRate): max |diff| \(worst)")
        #expect(worst <= 1e-4)
    }

    /// Silence hits the clamp: log(max(mel · √1e-9, 1e-5)).
    @Test func promptMelOfSilence() throws {
        let value = try Fixtures.json("prompt_mel.json")["silence_value"] as! Double
        let mel = PromptMelExtractor(configuration: .glmTTS24k)([Float](repeating: 0, count: 4800))
        #expect(mel.frameCount == 10)
        #expect(mel.values.allSatisfy { abs(Double($0) - value) < 1e-4 })
    }

    @Test func promptMelOfTooShortClipIsEmpty() {
        let mel = PromptMelExtractor(configuration: .glmTTS24k)([Float](repeating: 0.1, count: 500))
        #expect(mel.frameCount == 0)
    }

    @Test func promptMelResamplesAWaveform() throws {
        let audio = try AudioFile.read(Fixtures.url("clips/flite_rms.wav"))
        let mel = try PromptMelExtractor(configuration: .glmTTS32k)(audio)
        #expect(mel.frameCount == 100)  // 2 s at 50 frames per second
    }

    /// resemblyzer's encoder mel (librosa power mel, 40 bins): relative error ≤ 1e-4 of the
    /// largest value in each frame (float32 FFTs differ in the last bits).
    @Test func encoderMelMatchesResemblyzer() throws {
        let fixture = try Fixtures.json("encoder_mel.json")
        let audio = try AudioFile.read(Fixtures.url(fixture["file"] as! String))
        let samples = Array(audio.samples.prefix(fixture["samples"] as! Int))
        let mel = EncoderMel()(samples)
        let expected = Fixtures.floats(fixture["mel"])
        #expect(mel.frameCount == fixture["frames"] as! Int)
        #expect(mel.binCount == 40)
        var worst: Float = 0
        for t in 0..<mel.frameCount {
            let row = expected[(t * 40)..<((t + 1) * 40)]
            let scale = max(row.max()!, 1e-10)
            for b in 0..<40 { worst = max(worst, abs(mel[t, b] - row[row.startIndex + b]) / scale) }
        }
        print("encoder mel: max relative diff \(worst)")
        #expect(worst <= 1e-4)
    }

    /// Kaldi fbank (mean-normalized) against a numpy implementation of torchaudio's definition:
    /// within 2e-3 absolute (log units; float32 power spectra of quiet bands).
    @Test func kaldiFbankMatchesNumpy() throws {
        let fixture = try Fixtures.json("kaldi_fbank.json")
        let audio = try AudioFile.read(Fixtures.url(fixture["file"] as! String))
        let samples = Array(audio.samples.prefix(fixture["samples"] as! Int))
        let fbank = KaldiFbank()(samples)
        let expected = Fixtures.floats(fixture["fbank"])
        #expect(fbank.frameCount == fixture["frames"] as! Int)
        #expect(fbank.binCount == 80)
        let worst = zip(fbank.values, expected).map { abs($0 - $1) }.max()!
        print("kaldi fbank: max |diff| \(worst)")
        #expect(worst <= 2e-3)
    }

    /// resemblyzer's compute_partial_slices: 160-frame windows every 77 frames, the last kept when
    /// it is at least 75 % covered.
    @Test func partialSlices() {
        #expect(SpeakerEncoder.partialSlices(sampleCount: 8000) == [0..<160])
        #expect(SpeakerEncoder.partialSlices(sampleCount: 32000) == [0..<160, 77..<237])
        // 2.5 s: frames 251; slices at 0, 77 (154 is only (40000 − 24640)/25600 = 60 % covered).
        #expect(SpeakerEncoder.partialSlices(sampleCount: 40000) == [0..<160, 77..<237])
        #expect(SpeakerEncoder.partialSlices(sampleCount: 45000).count == 3)
    }

    /// resemblyzer's smoothing and dilation on hand-made VAD flags (expected values from its
    /// moving_average and scipy's binary_dilation run on the same flags).
    @Test func silenceTrimmingMask() {
        let flags = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        let smooth = EncoderPreprocessing.smooth(flags)
        // voiced where ≥ 5 of flags[i−3 … i+4] are 1
        #expect(smooth.enumerated().filter(\.element).map(\.offset) == [10, 11, 12, 13, 14])
        let dilated = EncoderPreprocessing.dilate(smooth, by: 3)
        #expect(dilated.enumerated().filter(\.element).map(\.offset) == Array(7...17))
    }

    @Test func volumeNormalizationOnlyRaises() {
        let quiet = (0..<16000).map { Float(0.001 * sin(Double($0) * 0.1)) }
        let raised = EncoderPreprocessing.normalizeVolume(quiet)
        let rmsDB = 20 * log10(Double(Waveform(samples: raised, sampleRate: 16000).rms))
        #expect(abs(rmsDB - -30) < 0.01)
        let loud = (0..<16000).map { Float(0.5 * sin(Double($0) * 0.1)) }
        #expect(EncoderPreprocessing.normalizeVolume(loud) == loud)
    }
}
