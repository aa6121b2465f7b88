/* A slider's value, always shown under its handle, with the page language's separators
   (320,000 in English, 320 000 in Russian): dcc.Slider's tooltip `transform`. */
window.dccFunctions = window.dccFunctions || {};
window.dccFunctions.bizcaseNumber = function (value) {
    var lang = new URLSearchParams(window.location.search).get("lang") === "ru" ? "ru-RU" : "en-US";
    var size = Math.abs(value);
    var digits = size >= 100 ? 0 : size >= 1 ? 2 : 3;
    return Number(value).toLocaleString(lang, { maximumFractionDigits: digits });
};
