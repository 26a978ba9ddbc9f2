import ArgumentParser
import Testing
@testable import glmtts

@Suite struct CommandLineTests {
    @Test func helpListsSubcommands() {
        let help = GLMTTSCommand.helpMessage()
        #expect(help.contains("glmtts"))
        for sub in ["lm", "bench", "info"] { #expect(help.contains(sub)) }
    }

    @Test func rejectsUnknownOptionWithUsableMessage() {
        #expect(throws: (any Error).self) { try GLMTTSCommand.parseAsRoot(["info", "--no-such-flag"]) }
    }
}
