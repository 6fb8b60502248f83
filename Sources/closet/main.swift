print("closet")
