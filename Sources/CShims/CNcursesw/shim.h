// ncursesw for Swift. SwiftPM drops pkg-config -D flags, so the wide-character API is switched on here.
// Macros that Swift cannot import (getmaxyx, A_*, KEY_F, COLOR_PAIR) get tiny inline functions.
#ifndef CLOSET_NCURSES_SHIM_H
#define CLOSET_NCURSES_SHIM_H
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

static inline int closet_lines(void) { return LINES; }
static inline int closet_cols(void) { return COLS; }
static inline int closet_colors(void) { return COLORS; }
static inline int closet_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t closet_a_bold(void) { return A_BOLD; }
static inline attr_t closet_a_reverse(void) { return A_REVERSE; }
static inline attr_t closet_a_dim(void) { return A_DIM; }
static inline attr_t closet_a_underline(void) { return A_UNDERLINE; }
static inline attr_t closet_a_normal(void) { return A_NORMAL; }
static inline int closet_key_f(int n) { return KEY_F(n); }
static inline int closet_color_pair(int n) { return (int)COLOR_PAIR(n); }

/// Draws one character (a UTF-32 code point, possibly wide) with attributes and an extended colour pair.
static inline int closet_put_wch(int y, int x, wchar_t ch, attr_t attrs, int pair) {
    cchar_t cell;
    wchar_t text[2] = {ch, 0};
    if (setcchar(&cell, text, attrs, 0, &pair) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}

/// Starts curses on the process's terminal with the terminfo entry `name` instead of $TERM's; 0 when it could not.
static inline int closet_start_named(const char *name) {
    SCREEN *screen = newterm(name, stdout, stdin);
    if (!screen) return 0;
    set_term(screen);
    return 1;
}

/// Draws one cell of several code points (a spacing character and up to four combining marks: kitty's
/// placeholder cells) with attributes and an extended colour pair.
static inline int closet_put_cell(int y, int x, const wchar_t *text, attr_t attrs, int pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, 0, &pair) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}

/// Tells curses that screen lines were changed behind its back: the next refresh repaints them whole.
static inline int closet_redraw_lines(int y, int n) { return wredrawln(stdscr, y, n); }

/// What each cell of screen line y will show, as one number a cell (0 for a plain blank): cells that
/// differ between frames are where curses may write, and writing (clearing to the end of a line
/// included) wipes pictures drawn there behind its back.
static inline void closet_line_cells(int y, unsigned long *out, int n) {
    for (int x = 0; x < n; x++) {
        cchar_t cell;
        wchar_t text[CCHARW_MAX + 1];
        attr_t attrs = 0;
        short shortPair = 0;
        int pair = 0;
        out[x] = 1;
        if (mvwin_wch(stdscr, y, x, &cell) != OK) continue;
        // This ncurses refuses a null short pair even when the extended one is asked for.
        if (getcchar(&cell, text, &attrs, &shortPair, &pair) == ERR) continue;
        if (text[0] == L' ' && text[1] == 0 && (attrs & ~A_CHARTEXT) == A_NORMAL && pair == 0) { out[x] = 0; continue; }
        unsigned long h = 1469598103934665603UL;
        for (int i = 0; i < CCHARW_MAX && text[i]; i++) h = (h ^ (unsigned long)text[i]) * 1099511628211UL;
        h = (h ^ (unsigned long)attrs) * 1099511628211UL;
        h = (h ^ (unsigned long)pair) * 1099511628211UL;
        out[x] = h | 1;
    }
}

/// Whether the cell at (y, x) still shows `ch` in colour pair `pair` (nothing was drawn over it since).
static inline int closet_cell_is(int y, int x, wchar_t ch, int pair) {
    cchar_t cell;
    wchar_t text[CCHARW_MAX + 1];
    attr_t attrs = 0;
    short shortPair = 0;
    int extended = 0;
    if (mvwin_wch(stdscr, y, x, &cell) != OK) return 0;
    if (getcchar(&cell, text, &attrs, &shortPair, &extended) == ERR) return 0;
    return text[0] == ch && extended == pair;
}

/// Draws a wide string at (y, x), clipped by ncurses at the window's edge.
static inline int closet_put_wstr(int y, int x, const wchar_t *text, int n, attr_t attrs, int pair) {
    attr_set(attrs, 0, &pair);
    int rc = mvaddnwstr(y, x, text, n);
    attr_set(A_NORMAL, 0, (void *)0);
    return rc;
}

static inline int closet_get_wch(wint_t *out) { return get_wch(out); }
static inline int closet_wcwidth(wchar_t c) { return wcwidth(c); }
static inline int closet_key_mouse(void) { return KEY_MOUSE; }
/// The mouse events closet asks for: button-1 presses and the wheel (buttons 4 and 5).
static inline mmask_t closet_mouse_mask(void) { return BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED; }
/// Reads the pending mouse event: 1 a button-1 press, 2 wheel up, 3 wheel down, 0 anything else.
static inline int closet_read_mouse(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *x = event.x;
    *y = event.y;
    if (event.bstate & BUTTON1_PRESSED) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 2;
    if (event.bstate & BUTTON5_PRESSED) return 3;
    return 0;
}
/// Starts curses on a terminal other than the process's own (the TUI benchmark draws into a temporary
/// file, so it can count the bytes a terminal would receive).
/// Its output file, or NULL when curses could not start.
static inline FILE *closet_start_offscreen(const char *term, int rows, int columns) {
    FILE *out = tmpfile(), *in = fopen("/dev/null", "r");
    if (!out || !in) return NULL;
    if (!newterm(term, out, in) || resizeterm(rows, columns) == ERR) return NULL;
    return out;
}
/// Bytes curses has written to the off-screen terminal's file so far.
static inline long closet_offscreen_bytes(FILE *out) {
    fflush(out);
    return ftell(out);
}
#endif
