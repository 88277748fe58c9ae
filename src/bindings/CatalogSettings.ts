// STUB
export type CatalogSettings = { showPhotos: boolean, };
