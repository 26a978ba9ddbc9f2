import Foundation
import Testing
import TextEncoding

@Suite struct PinyinTests {
    /// Polyphones read by the word they are in; expectations written from standard Mandarin.
    @Test(arguments: [
        ("银行", "yin2 hang2"), ("行走", "xing2 zou3"), ("长大", "zhang3 da4"), ("长城", "chang2 cheng2"),
        ("重要", "zhong4 yao4"), ("重新", "chong2 xin1"), ("音乐", "yin1 yue4"), ("快乐", "kuai4 le4"),
        ("了解", "liao3 jie3"), ("好了", "hao3 le5"), ("睡觉", "shui4 jiao4"), ("觉得", "jue2 de5"),
        ("还是", "hai2 shi4"), ("为了", "wei4 le5"), ("因为", "yin1 wei4"), ("作为", "zuo4 wei2"),
        ("朝代", "chao2 dai4"), ("得到", "de2 dao4"), ("调查", "diao4 cha2"), ("调整", "tiao2 zheng3"),
        ("数学", "shu4 xue2"), ("处理", "chu3 li3"), ("处长", "chu4 zhang3"), ("传记", "zhuan4 ji4"),
        ("传说", "chuan2 shuo1"), ("出差", "chu1 chai1"), ("差别", "cha1 bie2"), ("头发", "tou2 fa5"),
        ("发现", "fa1 xian4"), ("爱好", "ai4 hao4"), ("好人", "hao3 ren2"), ("中奖", "zhong4 jiang3"),
        ("中国", "zhong1 guo2"), ("教书", "jiao1 shu1"), ("教育", "jiao4 yu4"), ("便宜", "pian2 yi5"),
        ("方便", "fang1 bian4"), ("会计", "kuai4 ji4"), ("开会", "kai1 hui4"),
        ("大家", "da4 jia1"), ("目的", "mu4 di4"), ("我的", "wo3 de5"), ("什么", "shen2 me5"),
        ("暖和", "nuan3 huo5"), ("和平", "he2 ping2"), ("着急", "zhao2 ji2"), ("首都", "shou3 du1"),
        ("都是", "dou1 shi4"), ("曾经", "ceng2 jing1"), ("反省", "fan3 xing3"), ("省长", "sheng3 zhang3"),
        ("勉强", "mian3 qiang3"), ("强大", "qiang2 da4"), ("背后", "bei4 hou4"), ("种子", "zhong3 zi5"),
        ("种树", "zhong4 shu4"), ("乐器", "yue4 qi4"), ("行长", "hang2 zhang3"), ("重庆", "chong2 qing4"),
        ("绿色", "lv4 se4"), ("女儿", "nv3 er2"),
    ])
    func readsPolyphonesByWord(text: String, expected: String) {
        #expect(Pinyin.convert(text).joined(separator: " ") == expected)
    }

    @Test func readsSentencesAndSkipsOtherCharacters() {
        #expect(Pinyin.convert("我去银行，取了100元。") == ["wo3", "qu4", "yin2", "hang2", "qu3", "le5", "yuan2"])
        #expect(Pinyin.convert("Hello") == [])
    }

    @Test func knowsEveryReadingOfACharacter() {
        #expect(Pinyin.readings(of: "行").prefix(2) == ["xing2", "hang2"])
        #expect(Pinyin.readings(of: "a") == [])
        #expect(Pinyin.isSyllable("hang2") && Pinyin.isSyllable("lü4") && Pinyin.isSyllable("lu:4"))
        #expect(!Pinyin.isSyllable("hang") && !Pinyin.isSyllable("xyz1") && !Pinyin.isSyllable("hang6"))
    }

    /// Agreement with pypinyin itself (the source of the table) on sentences and joined phrases;
    /// a longest-match reader differs from pypinyin's segmenter on a few boundaries.
    @Test func agreesWithPypinyin() throws {
        let url = try #require(Bundle.module.url(forResource: "pypinyin_sentences", withExtension: "tsv", subdirectory: "Fixtures"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        var total = 0, same = 0
        var wrong: [String] = []
        for line in lines {
            let fields = line.split(separator: "\t")
            let expected = fields[1].split(separator: " ").map(String.init)
            let got = Pinyin.convert(String(fields[0]))
            total += expected.count
            if got.count == expected.count {
                let agreeing = zip(got, expected).filter { $0 == $1 }.count
                same += agreeing
                if agreeing < expected.count { wrong.append("\(fields[0]): \(got.joined(separator: " ")) vs \(fields[1])") }
            } else {
                wrong.append("\(fields[0]): length \(got.count) vs \(expected.count)")
            }
        }
        let agreement = Double(same) / Double(total)
        print("Pinyin agrees with pypinyin on \(same) of \(total) syllables (\(String(format: "%.2f", agreement * 100)) %)")
        for w in wrong { print("  " + w) }
        #expect(lines.count >= 300)
        #expect(agreement >= 0.99)
    }
}
