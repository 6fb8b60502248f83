// Weather sources land with the outfits issue.
