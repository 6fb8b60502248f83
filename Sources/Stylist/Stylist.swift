// Outfit suggestions land with the outfits issue.
