import ArgumentParser
import Foundation
import GLMTTS

struct ResynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resynth",
        abstract: "Analyse a clip into GLM-TTS's mel and render it back through an upsampler.",
        discussion: """
            The standard check of a vocoder, and a way to re-render a clip at another rate. The upsampler
            comes from --upsampler DIR (files upsampler-RATE.json and upsampler-RATE.safetensors, as
            Tools/train/export_upsampler.py writes them), else from --model DIR, else the bundled model.
            """)

    @Argument(help: "The clip to re-synthesize (any format and rate).")
    var clip: String

    @Option(name: .shortAndLong, help: "Output WAV file.")
    var output: String

    @Option(help: "Folder with upsampler-RATE.json and upsampler-RATE.safetensors.")
    var upsampler: String?

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Output sample rate: 24000 or 32000.")
    var sampleRate: Int = 24000

    func run() throws {
        try modelOptions.applyThreads()
        let rate: SampleRate
        do { rate = try SampleRate(hertz: sampleRate) } catch { throw ValidationError("--sample-rate: \(error)") }
        let renderer: Upsampler
        if let upsampler {
            let base = (upsampler as NSString).appendingPathComponent("upsampler-\(rate.rawValue)")
            guard let data = FileManager.default.contents(atPath: base + ".json") else {
                throw ValidationError("--upsampler: cannot read \(base).json")
            }
            let config: UpsamplerConfiguration
            do { config = try JSONDecoder().decode(UpsamplerConfiguration.self, from: data) } catch {
                throw TTSError.invalidModel(file: base + ".json", tensor: nil, reason: "not an upsampler configuration")
            }
            renderer = try Upsampler(configuration: config, weightsPath: base + ".safetensors")
        } else {
            renderer = try loadSynthesizer(modelOptions).upsampler(for: rate)
        }
        let audio = try AudioFile.read(URL(fileURLWithPath: clip))
        let melConfig = rate == .hz24000 ? MelConfiguration.glmTTS24k : MelConfiguration.glmTTS32k
        let mel = try PromptMelExtractor(configuration: melConfig)(audio)
        guard mel.frameCount >= 1 else { throw ValidationError("\(clip) is too short to analyse.") }
        // The extractor stores frames row by row; the upsampler reads bins row by row.
        var bins = [Float](repeating: 0, count: mel.values.count)
        for f in 0..<mel.frameCount {
            for b in 0..<mel.binCount { bins[b * mel.frameCount + f] = mel.values[f * mel.binCount + b] }
        }
        let start = ContinuousClock.now
        let samples = try renderer.render(mel: bins, frames: mel.frameCount)
        let elapsed = seconds(since: start)
        let out = Waveform(samples: samples, sampleRate: rate.rawValue)
        try out.write(to: URL(fileURLWithPath: output))
        print(String(format: "wrote %@ (%.2f s at %d Hz); upsampler real-time factor %.3f", output, out.duration, rate.rawValue,
                     elapsed / max(out.duration, 1e-9)))
    }
}
