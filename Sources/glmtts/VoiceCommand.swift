import ArgumentParser
import Foundation
import GLMTTS

struct VoiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voice",
        abstract: "Extract a voice from a reference clip, or compare two voices.",
        subcommands: [Extract.self, Compare.self])

    struct Extract: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compute a clip's speaker embedding; save it as a voice file or print it.",
            discussion: "With --json prints {\"embedding\": [256 floats], \"duration\": seconds, \"warnings\": [...]}.")

        @Argument(help: "Reference clip (WAV, FLAC, OGG, MP3; any rate and channel count).")
        var clip: String

        @Option(name: .shortAndLong, help: "Write the voice to this file (JSON), to reuse it without the clip.")
        var output: String?

        @Option(help: "What the clip says (stored with the voice).")
        var transcript: String?

        @Flag(help: "Print the embedding, duration and warnings as JSON.")
        var json = false

        struct Report: Encodable { let embedding: [Float]; let duration: Double; let warnings: [String] }

        func run() throws {
            let voice = try Voice(referenceAudio: URL(fileURLWithPath: clip), transcript: transcript)
            if let output { try voice.save(to: URL(fileURLWithPath: output)) }
            if json {
                try printJSON(Report(embedding: voice.embedding, duration: voice.duration, warnings: voice.warnings.map(\.description)))
            } else {
                for w in voice.warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
                print(String(format: "%@: %.2f s, %d-d embedding%@", clip, voice.duration, voice.embedding.count,
                             output.map { ", saved to \($0)" } ?? ""))
            }
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cosine similarity of two clips or saved voices (1 = same voice).")

        @Argument(help: "A clip or a saved voice (.json).")
        var a: String

        @Argument(help: "A clip or a saved voice (.json).")
        var b: String

        func run() throws {
            let va = try Voice.load(URL(fileURLWithPath: a)), vb = try Voice.load(URL(fileURLWithPath: b))
            print(String(format: "%.4f", try va.similarity(to: vb)))
        }
    }
}
