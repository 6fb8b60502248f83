import Foundation

/// Which locale curses reads and draws characters in.
enum TerminalLocale {
    /// The environment's locale for curses. When it asks for UTF-8 text in a locale this machine lacks (an SSH
    /// session that brings `LANG=ko_KR.UTF-8` or `en_US.UTF-8` to a server where it was never generated),
    /// characters are read and drawn as C.UTF-8 instead: in the C locale curses would drop every non-ASCII one,
    /// Korean words and accented names alike. closet's language follows `LANG` on its own.
    static func use() {
        let environment = ProcessInfo.processInfo.environment
        let installed = setlocale(LC_ALL, "") != nil
        let codeset = nl_langinfo(nl_item(CODESET)).map { String(cString: $0) }
        if let fallback = utf8Fallback(environment: environment, installed: installed, codeset: codeset) {
            setlocale(LC_CTYPE, fallback)
        }
    }

    /// The character locale to use instead of the environment's, if any: C.UTF-8 when the environment asks for
    /// UTF-8 (`LC_ALL`, else `LC_CTYPE`, else `LANG`) and its locale is not installed or is not UTF-8.
    static func utf8Fallback(environment: [String: String], installed: Bool, codeset: String?) -> String? {
        let wanted = (["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? "").lowercased()
        let asksUTF8 = wanted.contains("utf-8") || wanted.contains("utf8")
        guard asksUTF8 else { return nil }
        return installed && codeset == "UTF-8" ? nil : "C.UTF-8"
    }
}
