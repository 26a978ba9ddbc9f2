import ArgumentParser
import Foundation
import GLMTTS

/// Options for commands that synthesize.
struct SynthesisOptions: ParsableArguments {
    @Option(help: "Output sample rate: 24000 or 32000.")
    var sampleRate: Int = 24000

    @Option(help: "Seed of the sampler, reset before every text segment (same seed, same audio).")
    var seed: UInt64 = 0

    @Flag(name: .customLong("no-kv-cache"), help: "Recompute the whole sequence at every decoder step (slow; for comparison).")
    var noKVCache = false

    @Option(help: "Decoding: greedy (the most likely token; one take per text), ras (GLM-TTS's sampling: a new take per --seed) or model (what the model recommends; the bundled model: greedy).")
    var sampling: String = "model"

    @Option(help: "Sampling temperature with --sampling ras (default 1).")
    var temperature: Float?

    func samplingOptions() throws -> SamplingOptions? {
        switch sampling {
        case "model":
            guard temperature == nil else { throw ValidationError("--temperature needs --sampling ras.") }
            return nil
        case "greedy":
            guard temperature == nil else { throw ValidationError("--temperature needs --sampling ras.") }
            return .greedy
        case "ras":
            var options = SamplingOptions.ras
            if let temperature {
                guard temperature > 0, temperature <= 10 else { throw ValidationError("--temperature must be in (0, 10], got \(temperature).") }
                options.temperature = temperature
            }
            return options
        default:
            throw ValidationError("--sampling must be greedy, ras or model, got \(sampling).")
        }
    }

    func sessionOptions() throws -> SessionOptions {
        let sampling = try samplingOptions()
        do {
            return SessionOptions(sampleRate: try SampleRate(hertz: sampleRate), useKVCache: !noKVCache, seed: seed, sampling: sampling)
        } catch let error as TTSError {
            throw ValidationError("--sample-rate: \(error)")
        }
    }
}

/// Loads a synthesizer, warning on stderr when it is the random test model.
func loadSynthesizer(_ options: ModelOptions) throws -> Synthesizer {
    try options.applyThreads()
    let synthesizer = try Synthesizer(model: options.model.map { .directory($0) } ?? .bundled)
    if synthesizer.isTestModel {
        FileHandle.standardError.write(Data("note: speaking with the random-weight test model (the bundled model is not trained yet): the audio is noise, not speech\n".utf8))
    }
    return synthesizer
}

/// A voice from a reference clip (any audio file) or a saved voice (.json).
func loadVoice(_ path: String?, transcript: String?) throws -> Voice? {
    guard let path else { return nil }
    let url = URL(fileURLWithPath: path)
    if url.pathExtension.lowercased() == "json" {
        var voice = try Voice(contentsOf: url)
        if let transcript { voice.transcript = transcript }
        return voice
    }
    return try Voice(referenceAudio: url, transcript: transcript)
}

/// Text from the argument, --file, or standard input, in that order.
func readText(argument: String?, file: String?) throws -> String {
    if let argument {
        guard file == nil else { throw ValidationError("Give the text either as an argument or with --file, not both.") }
        return argument
    }
    if let file { return try TextInput.read(contentsOf: URL(fileURLWithPath: file)) }
    let data = FileHandle.standardInput.readDataToEndOfFile()
    return try TextInput.decode(Array(data))
}

struct SpeakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speak",
        abstract: "Speak text into a WAV file.",
        discussion: """
            Text comes from the argument, from --file, or from standard input. Without --voice the
            model's default speaker talks. Example:
              glmtts speak "Hello there." --voice ref.wav --prompt-text "What the clip says." -o hello.wav
            """)

    @Argument(help: "The text to speak (omit to read --file or standard input).")
    var text: String?

    @Option(help: "Read the text from this file (UTF-8).")
    var file: String?

    @Option(help: "Reference clip (WAV, FLAC, OGG, MP3; 3–10 s is best) or a saved voice (.json).")
    var voice: String?

    @Option(help: "What the reference clip says.")
    var promptText: String?

    @Option(name: .shortAndLong, help: "Output WAV file (16-bit PCM).")
    var output: String

    @Flag(help: "Write the file progressively as audio chunks are rendered.")
    var stream = false

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var synthesisOptions: SynthesisOptions

    func run() throws {
        let options = try synthesisOptions.sessionOptions()
        let text = try readText(argument: self.text, file: file)
        let synthesizer = try loadSynthesizer(modelOptions)
        let voice = try loadVoice(self.voice, transcript: promptText)
        let session = try synthesizer.makeSession(options)
        let url = URL(fileURLWithPath: output)
        let result: Synthesis
        if stream {
            let writer = try WAVStreamWriter(url: url, sampleRate: options.sampleRate.rawValue)
            result = try session.synthesize(text, voice: voice) { try writer.append($0) }
            try writer.finish()
        } else {
            result = try session.synthesize(text, voice: voice)
            try result.waveform.write(to: url)
        }
        for warning in result.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        let seconds = Double(result.speechTokens.reduce(0) { $0 + $1.count }) / 25
        print(String(format: "wrote %@ (%.2f s at %d Hz) in %.2f s", output, seconds, options.sampleRate.rawValue, result.timings.total))
    }
}
