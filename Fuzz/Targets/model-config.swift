import Foundation
@testable import GLMTTS

// A model directory's config.json and a decoder's Hugging Face config.json, as the loaders read them:
// Synthesizer(model: .directory) (decode, validate, then fail on the missing weights),
// LlamaConfiguration.load, and the acoustic and upsampler checks the stage loaders run before their
// weights. Any bytes give a configuration or a TTSError.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = Scratch.write(data, size, name: "config.json")
    func expectTTSError(_ what: String, _ body: () throws -> Void) {
        do { try body() } catch is TTSError {} catch {
            fatalError("\(what) threw \(type(of: error)): \(error)")
        }
    }
    expectTTSError("Synthesizer(directory:)") { _ = try Synthesizer(model: .directory(Scratch.directory)) }
    expectTTSError("LlamaConfiguration.load") {
        let config = try LlamaConfiguration.load(path: path)
        _ = config.kvDim
        _ = config.queryDim
    }
    if let config = try? JSONDecoder().decode(ModelConfiguration.self, from: Data(bytes: data, count: size)) {
        expectTTSError("ModelConfiguration.validate") {
            try config.validate(file: path)
            try config.acoustic.architecture.validate(file: path)
            _ = config.acoustic.architecture.expectedShapes
            for stage in config.upsamplers.values {
                try stage.architecture.validate(file: path)
                _ = stage.architecture.contextFrames
            }
        }
    }
    return 0
}
