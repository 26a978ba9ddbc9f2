import Foundation
import Testing
@testable import GLMTTS
#if canImport(Glibc)
import Glibc
#endif

/// The limits a server sets on one request — text length, generated tokens, KV-cache capacity — and
/// the memory a session gives back (issue 10, Docs/Reliability.md).
@Suite struct RequestLimitTests {
    static let synthesizer = try! Synthesizer(model: .testModel)

    @Test func textLongerThanTheLimitIsRefusedBeforeAnyWork() throws {
        let session = try Self.synthesizer.makeSession(SessionOptions(maxTextCharacters: 40))
        let text = String(repeating: "Word ", count: 9)        // 45 characters
        do {
            _ = try session.synthesize(text)
            Issue.record("accepted 45 characters with a limit of 40")
        } catch let error as TTSError {
            guard case let .invalidArgument(name, reason) = error else { Issue.record("\(error)"); return }
            #expect(name == "text")
            #expect(reason.contains("45") && reason.contains("40"), "\(reason)")
        }
        #expect(session.cacheBytes == 0, "the decoder ran before the length check")
        // At the limit it runs.
        #expect(try !session.synthesize(String(text.prefix(40))).waveform.samples.isEmpty)
    }

    @Test func theDefaultTextLimitIsGenerousAndChecked() throws {
        #expect(SessionOptions().maxTextCharacters == 50_000)
        #expect(throws: TTSError.self) { try Self.synthesizer.makeSession(SessionOptions(maxTextCharacters: 0)) }
        let session = try Self.synthesizer.makeSession()
        #expect(throws: TTSError.self) { try session.synthesize(String(repeating: "a", count: 50_001)) }
    }

    @Test func aTokenCapShortensEverySegmentAndSaysSo() throws {
        let text = "The quick brown fox jumps over the lazy dog."
        let free = try Self.synthesizer.makeSession(SessionOptions(seed: 3)).synthesize(text)
        let capped = try Self.synthesizer.makeSession(SessionOptions(seed: 3, maxTokensPerSegment: 10)).synthesize(text)
        #expect(free.speechTokens[0].count > 10)
        #expect(capped.speechTokens.allSatisfy { $0.count <= 10 })
        #expect(capped.warnings.contains { $0.contains("maximum length (10 speech tokens)") }, "\(capped.warnings)")
        // The same seed gives the same first tokens: the cap truncates, it does not change the sampling.
        #expect(Array(free.speechTokens[0].prefix(10)) == capped.speechTokens[0])
        #expect(throws: TTSError.self) { try Self.synthesizer.makeSession(SessionOptions(maxTokensPerSegment: 0)) }
    }

    /// A saved voice is user input: its prompt speech tokens and transcript are bounded too, so a
    /// voice file cannot make a session size its KV cache to a million positions.
    @Test func aVoiceBringingTooMuchPromptIsRefused() throws {
        let session = try Self.synthesizer.makeSession(SessionOptions(maxTextCharacters: 100, maxPromptSpeechTokens: 750))
        let embedding = [Float](repeating: 0.05, count: 256)
        let long = Voice(embedding: embedding, transcript: "Hi.", duration: 3, promptSpeechTokens: Array(repeating: 7, count: 751))
        #expect {
            try session.synthesize("Hello.", voice: long)
        } throws: { error in
            guard case let .invalidArgument(name, reason)? = error as? TTSError else { return false }
            return name == "voice prompt speech tokens" && reason.contains("751") && reason.contains("750")
        }
        let chatty = Voice(embedding: embedding, transcript: String(repeating: "word ", count: 30), duration: 3, promptSpeechTokens: [7])
        #expect {
            try session.synthesize("Hello.", voice: chatty)
        } throws: { error in
            guard case let .invalidArgument(name, _)? = error as? TTSError else { return false }
            return name == "voice transcript"
        }
        #expect(session.cacheBytes == 0)
        let fine = Voice(embedding: embedding, transcript: "Hi.", duration: 3, promptSpeechTokens: Array(repeating: 7, count: 20))
        #expect(try !session.synthesize("Hello.", voice: fine).waveform.samples.isEmpty)
    }

    @Test func aKVCacheCapacityIsNeverExceeded() throws {
        // 2 layers × 64 key/value floats × 2 (keys, values) × 4 bytes per position in the test model.
        let capacity = 400
        let session = try Self.synthesizer.makeSession(SessionOptions(kvCacheCapacity: capacity))
        _ = try session.synthesize("A short sentence.")
        let cache = try #require(session.decoderCacheForTesting)
        #expect(cache.capacity == capacity)
        #expect(throws: TTSError.kvCacheFull(capacity: capacity)) {
            try session.synthesize(String(repeating: "A sentence far too long for four hundred positions, ", count: 6))
        }
    }

    /// clearCache() hands the KV cache back to the system: with a 128 MB cache, resident memory drops
    /// by at least 96 MB (other tests run in parallel, hence the margin). Not under ASan or TSan, whose
    /// allocators hold freed memory in quarantine.
    @Test(.enabled(if: !RequestLimitTests.underSanitizer)) func clearCacheReturnsTheMemoryToTheSystem() throws {
        let capacity = 131_072                               // 1 KiB per position: 128 MiB
        let session = try Self.synthesizer.makeSession(SessionOptions(kvCacheCapacity: capacity))
        _ = try session.synthesize("Fill the cache.")
        #expect(session.cacheBytes >= capacity * 1024)
        let before = Self.residentBytes()
        session.clearCache()
        let after = Self.residentBytes()
        #expect(session.cacheBytes == 0)
        #expect(before - after >= 96 << 20, "resident memory went from \(before >> 20) MiB to \(after >> 20) MiB")
    }

    /// A session used for many voices (a batch with a clip per line) keeps decoder prefixes for a few
    /// recent voices only.
    @Test func prefixesOfManyVoicesDoNotAccumulate() throws {
        let session = try Self.synthesizer.makeSession(SessionOptions(seed: 1, maxTokensPerSegment: 4))
        var sizes: [Int] = []
        for i in 0..<(Session.maxCachedPrefixes * 3) {
            var embedding = [Float](repeating: 0, count: 256)
            embedding[i] = 1
            let voice = Voice(embedding: embedding, transcript: "Voice \(i).", duration: 3, promptSpeechTokens: [1, 2, 3, 4, 5])
            _ = try session.synthesize("Hi.", voice: voice)
            sizes.append(session.cachedPrefixCount)
        }
        #expect(sizes.max() == Session.maxCachedPrefixes, "\(sizes)")
    }

    static let underSanitizer = dlsym(nil, "__asan_init") != nil || dlsym(nil, "__tsan_init") != nil

    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = Int(text.split(separator: " ")[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
