"""The fixed mapping from dataset labels to app categories (also what `closet eval` uses)."""
MAPPING = {
    "T-Shirt": "shortSleeve", "Polo": "shortSleeve", "Longsleeve": "longSleeve", "Shirt": "blouseShirt",
    "Blouse": "blouseShirt", "Top": "sleeveless", "Undershirt": "sleeveless", "Hoodie": "hoodie",
    "Pants": "longPants", "Shorts": "shortPants", "Skirt": "shortSkirt", "Dress": "onePieceSet",
    "Outwear": "jacket", "Blazer": "blazer", "Shoes": "shoes", "Hat": "hat",
}
# Predictions that also count as correct for a dataset label.
ALSO_CORRECT = {
    "longPants": {"jeans"}, "shortSkirt": {"longSkirt"},
    "jacket": {"coat", "parka", "winterOuter", "cardigan"},
}
CLASSES = ["shortSleeve", "longSleeve", "sleeveless", "blouseShirt", "hoodie", "longPants", "shortPants",
           "shortSkirt", "onePieceSet", "jacket", "blazer", "shoes", "hat"]
TEN_LARGEST = ["shortSleeve", "longSleeve", "longPants", "shoes", "blouseShirt", "onePieceSet", "jacket",
               "shortPants", "hat", "shortSkirt"]


def correct(true_category, predicted):
    return predicted == true_category or predicted in ALSO_CORRECT.get(true_category, set())
