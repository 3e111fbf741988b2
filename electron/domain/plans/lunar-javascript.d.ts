// The package has no type declarations; springFestival.ts types the one call it makes.
declare module 'lunar-javascript';
