import ArgumentParser
import GLMTTS

@main
struct GLMTTSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glmtts",
        abstract: "Speak text in the voice of a short reference clip.",
        version: GLMTTSVersion.string,
        subcommands: [SpeakCommand.self, BatchCommand.self, VoiceCommand.self, ResynthCommand.self, TextCommand.self, LMCommand.self, BenchCommand.self, Info.self]
    )
}

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the library version, the kernels' instruction set and thread count.")

    @Option(help: "OpenBLAS threads to report after setting (default: leave as is).")
    var threads: Int?

    mutating func run() throws {
        if let threads {
            do { try Kernels.setThreadCount(threads) } catch { throw ValidationError("\(error)") }
        }
        print("glmtts \(GLMTTSVersion.string)")
        print("simd: \(Kernels.simdLevel)")
        print("threads: \(Kernels.threadCount)")
        print("synthesis threads: \(Kernels.synthesisThreadCount) (GLMTTS_THREADS=N or --threads N to change)")
    }
}
