"""The fixed mapping from dataset labels to app categories (also what `closet eval` uses)."""
MAPPING = {
    "T-Shirt": "shortSleeve", "Polo": "shortSleeve", "Longsleeve": "longSleeve", "Shirt": "blouseShirt",
    "Blouse": "blouseShirt", "Top": "sleeveless", "Undershirt": "sleeveless", "Hoodie": "hoodie",
    "Pants": "longPants", "Shorts": "shortPants", "Skirt": "shortSkirt", "Dress": "onePieceSet",
    "Outwear": "jacket", "Blazer": "blazer", "Shoes": "shoes", "Hat": "hat",
}
# Each class's span: the app categories it stands for, most common first, where the data does not tell them
# apart (every outer is "Outwear"). Written into the manifest; import asks a person to choose within a span.
SPANS = {
    "jacket": ["jacket", "coat", "parka", "winterOuter", "cardigan"],
    "longPants": ["longPants", "jeans"],
    "shortSkirt": ["shortSkirt", "longSkirt"],
    # "shoes" is "kind not known yet" (DatasetLabels.kindNotKnown): never offered as a kind of its own.
    "shoes": ["shoes", "sneakers", "boots", "sandals", "heels", "flats", "loafers", "dressShoes"],
}
# Predictions that also count as correct for a dataset label: the rest of its span.
ALSO_CORRECT = {c: set(span[1:]) for c, span in SPANS.items()}
CLASSES = ["shortSleeve", "longSleeve", "sleeveless", "blouseShirt", "hoodie", "longPants", "shortPants",
           "shortSkirt", "onePieceSet", "jacket", "blazer", "shoes", "hat"]
TEN_LARGEST = ["shortSleeve", "longSleeve", "longPants", "shoes", "blouseShirt", "onePieceSet", "jacket",
               "shortPants", "hat", "shortSkirt"]


def correct(true_category, predicted):
    return predicted == true_category or predicted in ALSO_CORRECT.get(true_category, set())
