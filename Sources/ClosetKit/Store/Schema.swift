import GRDB

/// The wardrobe's versioned schema. Migrations are append-only: a released one is never edited.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE photos (
                        hash TEXT PRIMARY KEY NOT NULL,
                        ext TEXT NOT NULL,
                        bytes INTEGER NOT NULL,
                        width INTEGER NOT NULL,
                        height INTEGER NOT NULL,
                        thumbnail BLOB,
                        thumb_width INTEGER,
                        thumb_height INTEGER,
                        embedding BLOB,
                        created DATETIME NOT NULL
                    );
                    CREATE TABLE items (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL,
                        category TEXT NOT NULL,
                        colors TEXT NOT NULL DEFAULT '[]',
                        color_shares TEXT NOT NULL DEFAULT '[]',
                        seasons TEXT NOT NULL DEFAULT '[]',
                        styles TEXT NOT NULL DEFAULT '[]',
                        thickness INTEGER NOT NULL DEFAULT 3 CHECK (thickness BETWEEN 1 AND 5),
                        brand TEXT,
                        price REAL CHECK (price IS NULL OR price >= 0),
                        size TEXT,
                        comment TEXT,
                        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived', 'wishlist')),
                        archive_reason TEXT CHECK (archive_reason IS NULL OR archive_reason IN ('sold', 'donated', 'lost', 'other')),
                        photo TEXT REFERENCES photos(hash) ON DELETE RESTRICT,
                        needs_review INTEGER NOT NULL DEFAULT 0,
                        confidence REAL,
                        created DATETIME NOT NULL,
                        updated DATETIME NOT NULL
                    );
                    CREATE INDEX items_category ON items(category);
                    CREATE INDEX items_photo ON items(photo);
                    CREATE TABLE outfits (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL,
                        created DATETIME NOT NULL
                    );
                    CREATE TABLE outfit_items (
                        outfit_id INTEGER NOT NULL REFERENCES outfits(id) ON DELETE CASCADE,
                        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        PRIMARY KEY (outfit_id, item_id)
                    );
                    CREATE INDEX outfit_items_item ON outfit_items(item_id);
                    CREATE TABLE wears (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        item_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
                        outfit_id INTEGER REFERENCES outfits(id) ON DELETE CASCADE,
                        day TEXT NOT NULL,
                        CHECK ((item_id IS NULL) <> (outfit_id IS NULL))
                    );
                    CREATE INDEX wears_item ON wears(item_id);
                    CREATE INDEX wears_outfit ON wears(outfit_id);
                    CREATE TABLE settings (
                        key TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL
                    );
                    -- Wears of an item, directly or as part of an outfit.
                    CREATE VIEW item_wears AS
                        SELECT item_id, day FROM wears WHERE item_id IS NOT NULL
                        UNION ALL
                        SELECT oi.item_id, w.day FROM wears w JOIN outfit_items oi ON oi.outfit_id = w.outfit_id;
                    """)
        }
        migrator.registerMigration("v2-weather-cache") { db in
            try db.execute(
                sql: """
                    CREATE TABLE weather_cache (
                        key TEXT PRIMARY KEY NOT NULL,
                        fetched DATETIME NOT NULL,
                        payload TEXT NOT NULL
                    );
                    """)
        }
        // The classifier's top guesses, and the categories it cannot tell apart when a person should choose.
        migrator.registerMigration("v3-guesses") { db in
            try db.execute(
                sql: """
                    ALTER TABLE items ADD COLUMN guesses TEXT NOT NULL DEFAULT '[]';
                    ALTER TABLE items ADD COLUMN guess_shares TEXT NOT NULL DEFAULT '[]';
                    ALTER TABLE items ADD COLUMN detail TEXT NOT NULL DEFAULT '[]';
                    """)
        }
        // When an item's status last changed: since when it is in the laundry or in repair.
        // Laundry and repair statuses, and since when: SQLite cannot change a CHECK constraint in place, so
        // the table is made anew and the rows copied (foreign keys checked once, after the copy).
        migrator.registerMigration("v4-laundry-repair", foreignKeyChecks: .deferred) { db in
            try db.execute(
                sql: """
                    CREATE TABLE items_new (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL,
                        category TEXT NOT NULL,
                        colors TEXT NOT NULL DEFAULT '[]',
                        color_shares TEXT NOT NULL DEFAULT '[]',
                        seasons TEXT NOT NULL DEFAULT '[]',
                        styles TEXT NOT NULL DEFAULT '[]',
                        thickness INTEGER NOT NULL DEFAULT 3 CHECK (thickness BETWEEN 1 AND 5),
                        brand TEXT,
                        price REAL CHECK (price IS NULL OR price >= 0),
                        size TEXT,
                        comment TEXT,
                        status TEXT NOT NULL DEFAULT 'active'
                            CHECK (status IN ('active', 'archived', 'wishlist', 'laundry', 'repair')),
                        archive_reason TEXT CHECK (archive_reason IS NULL OR archive_reason IN ('sold', 'donated', 'lost', 'other')),
                        photo TEXT REFERENCES photos(hash) ON DELETE RESTRICT,
                        needs_review INTEGER NOT NULL DEFAULT 0,
                        confidence REAL,
                        created DATETIME NOT NULL,
                        updated DATETIME NOT NULL,
                        guesses TEXT NOT NULL DEFAULT '[]',
                        guess_shares TEXT NOT NULL DEFAULT '[]',
                        detail TEXT NOT NULL DEFAULT '[]',
                        status_since DATETIME
                    );
                    INSERT INTO items_new (id, name, category, colors, color_shares, seasons, styles, thickness, brand, price, size,
                        comment, status, archive_reason, photo, needs_review, confidence, created, updated, guesses, guess_shares, detail)
                    SELECT id, name, category, colors, color_shares, seasons, styles, thickness, brand, price, size,
                        comment, status, archive_reason, photo, needs_review, confidence, created, updated, guesses, guess_shares, detail
                    FROM items;
                    DROP TABLE items;
                    ALTER TABLE items_new RENAME TO items;
                    CREATE INDEX items_category ON items(category);
                    CREATE INDEX items_photo ON items(photo);
                    """)
        }
        // A larger picture for terminals that draw real pixels (kitty, Sixel): made at import from now on,
        // and on first use for photos imported before.
        migrator.registerMigration("v5-photo-preview") { db in
            try db.execute(sql: "ALTER TABLE photos ADD COLUMN preview BLOB")
        }
        // Saved plans: the pieces planned for a day (`closet plan --save`), shown by the calendar, Today and suggest.
        migrator.registerMigration("v6-plans") { db in
            try db.execute(
                sql: """
                    CREATE TABLE plans (
                        day TEXT NOT NULL,
                        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        PRIMARY KEY (day, item_id)
                    );
                    CREATE INDEX plans_item ON plans(item_id);
                    """)
        }
        // Which model computed each photo's embedding: one computed by another model (or before closet
        // recorded it: NULL) is recomputed on first use (Importer's EmbeddingRefresh).
        migrator.registerMigration("v7-embedding-model") { db in
            try db.execute(sql: "ALTER TABLE photos ADD COLUMN embedding_model TEXT")
        }
        // A wear is a day's: closets before this one logged a second wear of an item (or outfit) on a day it
        // was already worn, which its own backups then could not restore. The first of each day is kept.
        migrator.registerMigration("v8-one-wear-a-day") { db in
            try db.execute(
                sql: """
                    DELETE FROM wears WHERE item_id IS NOT NULL AND id NOT IN (
                        SELECT MIN(id) FROM wears WHERE item_id IS NOT NULL GROUP BY item_id, day);
                    DELETE FROM wears WHERE outfit_id IS NOT NULL AND item_id IS NULL AND id NOT IN (
                        SELECT MIN(id) FROM wears WHERE outfit_id IS NOT NULL AND item_id IS NULL GROUP BY outfit_id, day);
                    """)
        }
        // The stylist's attributes: whether a person set the thickness (else it follows the category), a
        // formality, a pattern, and open / fit for rain for shoes (NULL: the kind's default); and what was suggested
        // first today (``Wardrobe/rememberSuggested(_:day:)``). A thickness equal to
        // its category's default becomes the default; any other was set, by a person or by a correction that kept
        // the old one: it stays as it is.
        migrator.registerMigration("v9-stylist") { db in
            try db.execute(
                sql: """
                    ALTER TABLE items ADD COLUMN thickness_set INTEGER NOT NULL DEFAULT 1;
                    ALTER TABLE items ADD COLUMN formality INTEGER;
                    ALTER TABLE items ADD COLUMN pattern TEXT NOT NULL DEFAULT 'solid';
                    ALTER TABLE items ADD COLUMN open INTEGER;
                    ALTER TABLE items ADD COLUMN rainproof INTEGER;
                    CREATE TABLE suggested (
                        day TEXT NOT NULL,
                        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
                        PRIMARY KEY (day, item_id)
                    );
                    CREATE INDEX suggested_item ON suggested(item_id);
                    """)
            for category in Taxonomy.shared.categories {
                try db.execute(
                    sql: "UPDATE items SET thickness_set = 0 WHERE category = ? AND thickness = ?",
                    arguments: [category.id, category.thickness])
            }
        }
        // A garment mask with each photo (Segmenter's map of the garment, an 8-bit grey PNG), whether the network
        // found a garment in it ('garment') or nothing told apart from the background ('nothing': the photo is shown
        // as it is), and which model made it: a photo without one, or with another model's, gets one from the
        // background pass (Importer's MaskRefresh).
        migrator.registerMigration("v10-masks") { db in
            try db.execute(
                sql: """
                    ALTER TABLE photos ADD COLUMN mask BLOB;
                    ALTER TABLE photos ADD COLUMN mask_state TEXT CHECK (mask_state IS NULL OR mask_state IN ('garment', 'nothing'));
                    ALTER TABLE photos ADD COLUMN mask_model TEXT;
                    """)
        }
        return migrator
    }
}
