import ClosetKit
import Weather

/// Each screen's keys, declared once. `handle` dispatches through them, the footer shows them, and help
/// lists them, so the three cannot disagree.
///
/// The rule for leaving: `q` and Esc go back one screen, and on the closet screen `q` quits (asking first when
/// an edit is unsaved). Where text is being typed (the search, a form's text field, a path, a temperature),
/// `q` and `?` are letters: the footer then says "type", and Esc stops typing. Ctrl-C quits from anywhere.
extension AppState {
    /// The rule above, as help shows it.
    public static let leavingRule =
        "q and Esc go back; q on the closet screen quits (asking when an edit is unsaved). "
        + "While typing, q and ? are letters and Esc stops typing. Ctrl-C quits from anywhere. m toggles the mouse."

    /// Handles one key and returns what the controller must do.
    public mutating func handle(_ key: Key) -> [Effect] {
        if key == .resize { return [] }
        if case .mouse(let event) = key { return mouse(event) }
        message = nil
        if key == .ctrl("c") {
            if hasUnsavedChanges && screen != .confirmQuit { push(.confirmQuit); return [] }
            return [.quit]
        }
        guard let binding = bindings.first(where: { $0.matches(key) }) else { return [] }
        return binding.action(&self, key)
    }

    /// The keys of the current screen, in the order the footer shows them.
    public var bindings: [KeyBinding] { bindings(for: screen) }

    public func bindings(for screen: Screen) -> [KeyBinding] {
        switch screen {
        case .closet: closetBindings
        case .item: itemBindings
        case .edit: editBindings
        case .review: reviewBindings
        case .importFiles: importBindings
        case .filters: filterBindings
        case .today: todayBindings
        case .calendar: calendarBindings
        case .calendarDay: calendarDayBindings
        case .calendarMove: calendarMoveBindings
        case .help, .stats:
            [
                KeyBinding([.escape, .char("q"), .enter], "Esc", "back") { s, _ in
                    s.pop(); return []
                }, help,
            ]
        case .confirm: yesNo(yes: { s in s.confirmed() })
        case .confirmDiscard:
            yesNo(
                yes: { s in
                    s.editor = nil; s.pop(); s.message = s.say("Edits discarded."); return []
                })
        case .confirmQuit: yesNo(yes: { _ in [.quit] })
        case .confirmConflict: conflictBindings
        case .chooseArchiveReason: archiveReasonBindings
        case .chooseCategory: categoryBindings
        }
    }

    // MARK: Shared bindings

    var help: KeyBinding {
        KeyBinding([.char("?")], "?", "help") { s, _ in
            if s.screen == .help { s.pop() } else { s.push(.help) }
            return []
        }
    }

    func back(_ label: String = "q", _ help: String = "back") -> KeyBinding {
        KeyBinding([.escape, .char("q")], label, help) { s, _ in
            s.pop(); return []
        }
    }

    var undoBinding: KeyBinding {
        KeyBinding([.char("u")], "u", "undo") { s, _ in
            guard let step = s.undo.popLast() else { s.message = s.say("Nothing to undo."); return [] }
            return [.undo(step)]
        }
    }

    func yesNo(yes: @escaping (inout AppState) -> [Effect]) -> [KeyBinding] {
        [
            KeyBinding([.char("y"), .char("Y")], "y", "yes") { s, _ in
                s.pop(); return yes(&s)
            },
            KeyBinding([.char("n"), .char("N"), .escape, .char("q")], "n", "no") { s, _ in
                s.pop(); s.confirmation = nil; s.message = s.say("Nothing was changed."); return []
            },
            help,
        ]
    }

    /// The `.confirm` screen's yes: its effects, and back from an item that is going away.
    mutating func confirmed() -> [Effect] {
        guard let confirmation else { return [] }
        self.confirmation = nil
        marked = []
        if screen == .item, confirmation.effects.contains(where: { if case .delete = $0 { true } else { false } }) { pop() }
        return confirmation.effects
    }

    // MARK: The closet

    /// What `e`, `w`, `a`, `d` and `c` act on in the grid: the marked items, else the selected one.
    var targets: [ItemSummary] {
        if !marked.isEmpty { return items.filter { $0.item.id.map(marked.contains) ?? false } }
        return selected.map { [$0] } ?? []
    }

    var closetBindings: [KeyBinding] {
        if searching {
            return [
                KeyBinding([.enter], "Enter", "keep") { s, _ in
                    s.searching = false; s.focusGrid = true; return []
                },
                KeyBinding([.escape], "Esc", "clear") { s, _ in
                    s.search = nil; s.searching = false; s.refilter(); return []
                },
                .typing("search text") { s, key in
                    s.search?.handle(key); s.refilter(); return []
                },
            ]
        }
        let archivedView = sidebar.indices.contains(sidebarCursor.index) && sidebar[sidebarCursor.index] == .archived
        return [
            KeyBinding([.up, .down, .left, .right, .char("h"), .char("j"), .char("k"), .char("l")], "←↑↓→ hjkl", "move") { s, key in
                s.moveInCloset(key); return []
            },
            KeyBinding(
                [.char("g"), .char("G"), .home, .end, .pageUp, .pageDown, .ctrl("d"), .ctrl("u")], "g G PgUp PgDn ^D ^U",
                "first, last, page, half page", footer: false
            ) { s, key in
                s.moveInCloset(key); return []
            },
            KeyBinding([.tab, .backTab], "Tab", "sidebar ⇄ grid", footer: false) { s, _ in
                s.focusGrid.toggle(); return []
            },
            KeyBinding([.enter], "Enter", "open") { s, _ in
                if s.focusGrid { if s.selected != nil { s.push(.item) } } else { s.focusGrid = true }
                return []
            },
            KeyBinding([.char(" ")], "Space", "mark") { s, _ in
                s.toggleMark(); return []
            },
            KeyBinding([.char("e")], "e", "edit") { s, _ in
                s.edit(); return []
            },
            KeyBinding([.char("w")], "w", "wore it") { s, _ in s.wear(s.targets) },
            KeyBinding([.char("a")], "a", archivedView ? "unarchive" : "archive") { s, _ in s.archive(s.targets) },
            KeyBinding([.char("d"), .delete], "d", "delete") { s, _ in
                s.askDelete(s.targets); return []
            },
            KeyBinding([.char("c")], "c", "category") { s, _ in
                s.chooseCategory(for: s.targets); return []
            },
            KeyBinding([.char("L")], "L", "laundry") { s, _ in s.toggleLaundry(s.targets) },
            KeyBinding([.char("B")], "B", "all laundry back", footer: false) { s, _ in
                guard (s.counts[.laundry] ?? 0) > 0 else { s.message = s.say("Nothing is in the laundry."); return [] }
                s.message = s.say("All laundry back in the closet (u undoes it).")
                return [.laundryDone]
            },
            undoBinding,
            KeyBinding([.char("/")], "/", "search") { s, _ in
                s.search = s.search ?? TextField(); s.searching = true; return []
            },
            KeyBinding([.char("f")], "f", "filter") { s, _ in
                s.push(.filters); return []
            },
            KeyBinding([.char("r")], "r", "review") { s, _ in
                s.reviewCursor.set(count: s.reviewItems.count); s.push(.review); return []
            },
            KeyBinding([.char("i")], "i", "import") { s, _ in
                s.openImport(); return []
            },
            KeyBinding([.char("t")], "t", "today") { s, _ in
                s.push(.today); return [.suggest(temp: nil)]
            },
            KeyBinding([.char("s")], "s", "stats") { s, _ in
                s.push(.stats); return []
            },
            KeyBinding([.char("C")], "C", "calendar") { s, _ in s.openCalendar() },
            KeyBinding([.char("m")], "m", "mouse", footer: false) { s, _ in
                s.mouse.toggle(); s.message = s.mouse ? "Mouse on (m turns it off)" : "Mouse off"; return []
            },
            KeyBinding([.escape], "Esc", "clear marks, search", footer: false) { s, _ in
                if !s.marked.isEmpty {
                    s.marked = []
                } else if s.search != nil || s.facets.isActive {
                    s.search = nil; s.facets.clear(); s.refilter()
                } else if s.focusGrid {
                    s.focusGrid = false
                }
                return []
            },
            help,
            KeyBinding([.char("q")], "q", "quit") { s, _ in
                if s.hasUnsavedChanges { s.push(.confirmQuit); return [] }
                return [.quit]
            },
        ]
    }

    // MARK: One item

    var itemBindings: [KeyBinding] {
        let archived = shownItem?.item.status == .archived
        // Each action acts on the item shown; when another closet deleted it, on nothing, and says so.
        func onShown(_ action: @escaping (inout AppState, ItemSummary) -> [Effect]) -> (inout AppState, Key) -> [Effect] {
            { s, _ in
                guard let shown = s.shownItem else {
                    s.message = s.shownItemGoneMessage
                    return []
                }
                return action(&s, shown)
            }
        }
        return [
            KeyBinding(
                [.char("e"), .enter], "e", "edit",
                onShown { s, shown in
                    s.edit(shown); return []
                }),
            KeyBinding([.char("w")], "w", "wore it", onShown { s, shown in s.wear([shown]) }),
            KeyBinding(
                [.char("t")], "t", "thickness",
                onShown { s, shown in
                    // Thickness in one key: 1 → 2 → … → 5 → 1.
                    var item = shown.item
                    item.thickness = item.thickness % 5 + 1
                    s.message =
                        "Thickness " + String(repeating: "●", count: item.thickness) + String(repeating: "○", count: 5 - item.thickness)
                    return [.save(item, base: shown.item)]
                }),
            KeyBinding(
                [.char("c")], "c", "category",
                onShown { s, shown in
                    s.chooseCategory(for: [shown]); return []
                }),
            KeyBinding([.char("a")], "a", archived ? "unarchive" : "archive", onShown { s, shown in s.archive([shown]) }),
            KeyBinding(
                [.char("d"), .delete], "d", "delete",
                onShown { s, shown in
                    s.askDelete([shown]); return []
                }),
            undoBinding,
            KeyBinding([.right, .left, .char("l"), .char("h"), .char("n"), .char("p")], "←→", "previous, next") { s, key in
                if [.right, .char("l"), .char("n")].contains(key) {
                    s.grid.handle(.right); if s.grid.columns == 1 { s.grid.handle(.down) }
                } else {
                    s.grid.handle(.left); if s.grid.columns == 1 { s.grid.handle(.up) }
                }
                s.shownItemID = s.selected?.item.id ?? s.shownItemID
                return []
            },
            help, back(),
        ]
    }

    // MARK: The edit form

    var editBindings: [KeyBinding] {
        guard let form = editor else { return [back()] }
        let select = [ItemEditor.Field.category, .seasons, .styles, .thickness, .formality, .pattern].contains(form.focus)
        var list: [KeyBinding] = [
            KeyBinding([.up, .down, .tab, .backTab], "↑↓ Tab", "field") { s, key in s.editForm(key) }
        ]
        if select {
            list.append(KeyBinding([.left, .right, .char("h"), .char("l")], "←→", "change") { s, key in s.editForm(key) })
            if form.focus == .seasons || form.focus == .styles {
                list.append(KeyBinding([.char(" "), .char("x")], "Space", "toggle") { s, key in s.editForm(key) })
            }
            if form.focus == .thickness {
                list.append(KeyBinding("12345+-".map { Key.char($0) }, "1–5", "thickness", footer: false) { s, key in s.editForm(key) })
            }
        }
        list.append(KeyBinding([.ctrl("s")], "Ctrl-S", "save") { s, _ in s.saveForm() })
        if select || form.focus == .comment || form.focus == .name {
            list.append(KeyBinding([.enter], "Enter", "save", footer: false) { s, _ in s.saveForm() })
        } else {
            list.append(KeyBinding([.enter], "Enter", "next field", footer: false) { s, _ in s.editForm(.down) })
        }
        list.append(
            KeyBinding([.escape], "Esc", "cancel") { s, _ in
                if s.editor?.isDirty == true { s.push(.confirmDiscard) } else { s.editor = nil; s.pop() }
                return []
            })
        if select {
            list.append(help)
            list.append(
                KeyBinding([.char("q")], "q", "cancel") { s, _ in
                    if s.editor?.isDirty == true { s.push(.confirmDiscard) } else { s.editor = nil; s.pop() }
                    return []
                })
        } else {
            list.append(.typing(form.focus.rawValue) { s, key in s.editForm(key) })
        }
        return list
    }

    mutating func editForm(_ key: Key) -> [Effect] {
        guard var form = editor else { return [] }
        _ = form.handle(key, taxonomy: taxonomy)
        form.error = nil
        editor = form
        return []
    }

    mutating func saveForm() -> [Effect] {
        guard var form = editor else { return [] }
        do {
            let item = try form.edited()
            editor = nil
            pop()
            message = say("Saved {0}.", item.displayName(language))
            return [.save(item, base: form.original)]
        } catch {
            form.error = (error as? ClosetError)?.message ?? "\(error)"
            editor = form
            return []
        }
    }

    // MARK: Import

    var importBindings: [KeyBinding] {
        if browser?.typed != nil {
            return [
                KeyBinding([.enter], "Enter", "go, import") { s, key in s.browse(key) },
                KeyBinding([.tab], "Tab", "complete") { s, _ in
                    s.browser?.complete(); return []
                },
                KeyBinding([.escape], "Esc", "back to the list") { s, key in s.browse(key) },
                .typing("a path") { s, key in s.browse(key) },
            ]
        }
        return [
            KeyBinding(
                [.up, .down, .char("j"), .char("k"), .pageUp, .pageDown, .char("g"), .char("G"), .home, .end, .ctrl("d"), .ctrl("u")],
                "↑↓", "move"
            ) { s, key in s.browse(key) },
            KeyBinding([.enter, .right, .char("l")], "Enter", "open") { s, key in s.browse(key) },
            KeyBinding([.left, .backspace, .char("h")], "←", "up a folder", footer: false) { s, key in s.browse(key) },
            KeyBinding([.char(" ")], "Space", "pick") { s, key in s.browse(key) },
            KeyBinding([.char("a")], "a", "all") { s, key in
                guard s.browser?.entries.contains(where: { !$0.isDirectory }) == true else {
                    s.message = s.say("No photos (.jpg, .jpeg, .png) in this folder.")
                    return []
                }
                return s.browse(key)
            },
            KeyBinding([.char("i")], "i", "import") { s, key in s.browse(key) },
            KeyBinding([.tab, .char("/")], "Tab", "type a path") { s, key in s.browse(key) },
            KeyBinding([.char("~")], "~", "home", footer: false) { s, key in s.browse(key) },
            KeyBinding([.char("r")], "r", "review") { s, _ in
                s.pop(); s.reviewCursor.set(count: s.reviewItems.count); s.push(.review); return []
            },
            help, back(),
        ]
    }

    mutating func browse(_ key: Key) -> [Effect] {
        guard var b = browser else { pop(); return [] }
        if key == .escape && b.typed == nil { pop(); return [] }
        let chosen = b.handle(key)
        browser = b
        guard let chosen else { return [] }
        pop()
        browser?.clearSelection()
        return [.importPaths(chosen)]
    }

    // MARK: Filters

    var filterBindings: [KeyBinding] {
        let move: (inout AppState, Key) -> [Effect] = { s, key in
            let all = FacetFilter.Facet.allCases
            let i = all.firstIndex(of: s.facets.focus) ?? 0
            switch key.movement ?? key {
            case .up, .backTab: s.facets.focus = all[(i + all.count - 1) % all.count]
            case .down, .tab: s.facets.focus = all[(i + 1) % all.count]
            case .left: s.facets.cycle(by: -1)
            default: s.facets.cycle(by: 1)
            }
            s.refilter()
            return []
        }
        return [
            KeyBinding([.up, .down, .tab, .backTab, .char("j"), .char("k")], "↑↓", "facet", move),
            KeyBinding([.left, .right, .char(" "), .char("h"), .char("l")], "←→", "value", move),
            KeyBinding([.char("x"), .backspace, .delete], "x", "clear") { s, _ in
                s.facets.clear(); s.refilter(); return []
            },
            KeyBinding([.enter, .char("f")], "Enter", "done") { s, _ in
                s.pop(); return []
            },
            help, back("q", "done"),
        ]
    }

    // MARK: Questions and pickers

    var conflictBindings: [KeyBinding] {
        let decide: (inout AppState, Bool) -> [Effect] = { s, mine in
            s.pop()
            guard let conflict = s.conflict else { return [] }
            s.conflict = nil
            if mine {
                // Based on what is stored now, so the save goes through: theirs is overwritten where they differ.
                s.message = s.say("Saved your version of {0}.", conflict.mine.displayName(s.language))
                return [.save(conflict.mine, base: conflict.current)]
            }
            s.message = s.say("Kept the version saved elsewhere; your edits were dropped.")
            return []
        }
        return [
            KeyBinding([.char("y"), .char("Y")], "y", "save mine") { s, _ in decide(&s, true) },
            KeyBinding([.char("n"), .char("N"), .escape, .char("q")], "n", "keep theirs") { s, _ in decide(&s, false) },
            help,
        ]
    }

    var archiveReasonBindings: [KeyBinding] {
        let reasons = ArchiveReason.allCases
        return [
            KeyBinding([.left, .right, .up, .down, .char("h"), .char("j"), .char("k"), .char("l")], "←→", "reason") { s, key in
                let step = [.left, .up].contains(key.movement ?? key) ? reasons.count - 1 : 1
                s.archiveReason = (s.archiveReason + step) % reasons.count
                return []
            },
            KeyBinding([.enter], "Enter", "archive") { s, _ in
                s.pop()
                let ids = s.archiveTargets
                s.archiveTargets = []
                s.marked = []
                guard !ids.isEmpty else { return [] }
                if s.screen == .item { s.pop() }
                return [.archive(ids, reasons[s.archiveReason])]
            },
            help, back("Esc", "cancel"),
        ]
    }

    var categoryBindings: [KeyBinding] {
        [
            KeyBinding(
                [.up, .down, .char("j"), .char("k"), .pageUp, .pageDown, .char("g"), .char("G"), .home, .end, .ctrl("d"), .ctrl("u")],
                "↑↓", "category"
            ) { s, key in
                s.categoryCursor.handle(key); return []
            },
            KeyBinding([.enter], "Enter", "choose") { s, _ in
                s.pop()
                let ids = s.categoryTargets
                s.categoryTargets = []
                s.marked = []
                guard !ids.isEmpty, s.taxonomy.categories.indices.contains(s.categoryCursor.index) else { return [] }
                return [.recategorize(ids, category: s.taxonomy.categories[s.categoryCursor.index].id)]
            },
            help, back("Esc", "cancel"),
        ]
    }

}
