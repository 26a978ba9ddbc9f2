import Foundation
import GLMTTS

// A saved voice (Voice(jsonData:)), the other file users share. An accepted voice is then spoken
// with (the test model, two speech tokens per segment), so its transcript and prompt speech tokens
// reach the session's checks. Any bytes give a voice or a VoiceFileError, and a voice gives audio or
// a TTSError / TextInputError.
let synthesizer = try! Synthesizer(model: .testModel)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let voice: Voice
    do {
        voice = try Voice(jsonData: Data(bytes: data, count: size), path: "fuzz.json")
    } catch is VoiceFileError {
        return 0
    } catch {
        fatalError("Voice(jsonData:) threw \(type(of: error)): \(error)")
    }
    precondition(voice.embedding.count == 256 && voice.embedding.allSatisfy(\.isFinite))
    do {
        let session = try synthesizer.makeSession(SessionOptions(maxTokensPerSegment: 2))
        _ = try session.synthesize("Hi.", voice: voice)
    } catch is TTSError {
    } catch is TextInputError {
    } catch {
        fatalError("synthesize with a loaded voice threw \(type(of: error)): \(error)")
    }
    return 0
}
