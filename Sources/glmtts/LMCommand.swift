import ArgumentParser
import Foundation
import GLMTTS

/// Runs a decoder checkpoint directly: for checking a converted checkpoint against its original.
struct LMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lm",
        abstract: "Run a Llama decoder checkpoint on token ids.",
        discussion: """
            Prints JSON on standard output: {"logits": [...]} (the last position) with --logits, or
            {"tokens": [...]} with --generate N.

            Example: glmtts lm --model DIR --tokens 5,17,42 --generate 16 --greedy
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Comma-separated input token ids, e.g. 5,17,42.")
    var tokens: String

    @Flag(help: "Print the logits of the last position.")
    var logits = false

    @Option(help: "Generate this many tokens after the input.")
    var generate: Int?

    @Flag(help: "Choose the most probable token at each step (default: GLM-TTS's RAS sampling).")
    var greedy = false

    @Flag(name: .customLong("no-kv-cache"), help: "Recompute the whole sequence at every step.")
    var noKVCache = false

    @Option(help: "Seed of the sampler.")
    var seed: UInt64 = 0

    @Option(help: "bf16 weights: native (mapped, half the bytes) or float32 (widened at load).")
    var precision: String = "native"

    func validate() throws {
        guard modelOptions.model != nil else { throw ValidationError("--model DIR is required: a folder with config.json and *.safetensors.") }
        guard logits != (generate != nil) else { throw ValidationError("Give exactly one of --logits or --generate N.") }
        if let generate, generate < 1 { throw ValidationError("--generate must be at least 1, got \(generate).") }
        guard ["native", "float32"].contains(precision) else { throw ValidationError("--precision must be native or float32, got \(precision).") }
    }

    struct Logits: Encodable { let logits: [Float] }
    struct Tokens: Encodable { let tokens: [Int] }

    func run() throws {
        try modelOptions.applyThreads()
        let ids = try parseIntegerList(tokens, option: "--tokens")
        let model = try LlamaModel(directory: modelOptions.model!, precision: precision == "native" ? .native : .float32)
        let count = generate ?? 0
        let session = DecoderSession(model: model, capacity: ids.count + count + 1, useCache: !noKVCache)
        if logits {
            try printJSON(Logits(logits: try session.forward(tokens: ids)))
        } else {
            let result = try session.generate(DecoderInput(tokens: ids), limits: GenerationLimits(maxTokens: count),
                                              sampling: greedy ? .greedy : .ras, seed: seed)
            try printJSON(Tokens(tokens: result.tokens))
        }
    }
}
