import ClosetKit
import Foundation

/// The page a phone opens: mobile-first, served from the binary, in the profile's language. It works without
/// JavaScript (a plain form that posts to `upload?form=1` and gets a page back); with JavaScript each photo is
/// sent on its own, with its progress and then what became of it.
enum UploadPage {
    static func html(_ language: Language) -> String {
        func t(_ english: String) -> String { escape(Strings.text(english, language)) }
        // The words the script shows, handed over as data attributes (escaped), never pasted into code.
        let words = [
            ("sending", "Sending…"), ("imported", "Imported as {0}"), ("duplicate", "Already in the wardrobe"),
            ("failed", "Failed: {0}"), ("review", "(to review)"),
            ("offline", "The computer did not answer: is closet receive still running?"),
        ]
        let data = words.map { "data-\($0.0)=\"\(t($0.1))\"" }.joined(separator: " ")
        return """
            <!doctype html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width,initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>closet</title>
            <style>
            body{font:17px/1.4 system-ui,sans-serif;margin:0;padding:1rem;max-width:36rem;margin:auto;background:#fafafa;color:#222}
            h1{font-size:1.3rem}
            label.pick{display:block;margin:.6rem 0;padding:1rem;border:2px dashed #888;border-radius:.7rem;text-align:center;background:#fff}
            input[type=file]{display:block;margin:.5rem auto 0;max-width:100%}
            button{font-size:1.1rem;width:100%;padding:.8rem;border-radius:.7rem;border:0;background:#234;color:#fff}
            ul{list-style:none;padding:0}
            li{background:#fff;margin:.4rem 0;padding:.6rem;border-radius:.5rem;border-left:6px solid #aaa;word-break:break-word}
            li.ok{border-color:#2a7}li.dup{border-color:#a82}li.bad{border-color:#c33}
            progress{width:100%}
            </style></head>
            <body>
            <h1>\(t("Add photos to the wardrobe"))</h1>
            <form id="send" method="post" action="upload?form=1" enctype="multipart/form-data">
            <label class="pick">\(t("Take a photo"))
            <input type="file" name="photo" accept="image/*" capture="environment"></label>
            <label class="pick">\(t("Choose photos"))
            <input id="choose" type="file" name="photo" accept="image/*" multiple></label>
            <button type="submit">\(t("Send"))</button>
            </form>
            <ul id="list" \(data)></ul>
            <script>
            (function(){
            var form=document.getElementById('send'),list=document.getElementById('list'),w=list.dataset;
            function fill(s,a){return s.replace('{0}',a)}
            function row(name){var li=document.createElement('li');li.textContent=name;var p=document.createElement('progress');
            p.max=100;p.value=0;li.appendChild(p);var s=document.createElement('div');s.textContent=w.sending;li.appendChild(s);
            list.insertBefore(li,list.firstChild);return {li:li,p:p,s:s}}
            function send(file,r,done){var x=new XMLHttpRequest(),fd=new FormData();fd.append('photo',file,file.name);
            x.open('POST','upload');x.upload.onprogress=function(e){if(e.lengthComputable)r.p.value=e.loaded*100/e.total};
            x.onload=function(){r.p.remove();var j;try{j=JSON.parse(x.responseText)}catch(e){j={error:x.statusText}}
            if(j.imported&&j.imported.length){var i=j.imported[0];r.li.className='ok';
            r.s.textContent=fill(w.imported,i.kind)+(i.needsReview?' '+w.review:'')}
            else if(j.duplicates&&j.duplicates.length){r.li.className='dup';r.s.textContent=w.duplicate}
            else{r.li.className='bad';r.s.textContent=fill(w.failed,(j.failed&&j.failed.length)?j.failed[0].error:(j.error||x.status))}
            done()};
            x.onerror=function(){r.p.remove();r.li.className='bad';r.s.textContent=w.offline;done()};x.send(fd)}
            form.addEventListener('submit',function(ev){ev.preventDefault();var files=[];
            form.querySelectorAll('input[type=file]').forEach(function(i){for(var k=0;k<i.files.length;k++)files.push(i.files[k]);i.value=''});
            var queue=files.map(function(f){return [f,row(f.name)]}),running=0;
            function next(){while(running<2&&queue.length){var q=queue.shift();running++;send(q[0],q[1],function(){running--;next()})}}
            next()});
            })();
            </script>
            </body></html>

            """
    }

    /// The page the no-JavaScript form gets back: what became of each photo, and the form again.
    static func result(_ photos: [ReceivedPhoto], error: String?, _ language: Language) -> String {
        func t(_ english: String) -> String { escape(Strings.text(english, language)) }
        var items = ""
        for photo in photos {
            let (style, text): (String, String)
            switch photo.outcome {
            case .imported(_, _, let kind, _, _, let review, _):
                style = "ok"
                text = Strings.format("Imported as {0}", language, kind) + (review ? " " + Strings.text("(to review)", language) : "")
            case .duplicate: (style, text) = ("dup", Strings.text("Already in the wardrobe", language))
            case .failed(let why): (style, text) = ("bad", Strings.format("Failed: {0}", language, why))
            }
            items += "<li class=\"\(style)\">\(escape(photo.label)): \(escape(text))</li>\n"
        }
        if let error { items += "<li class=\"bad\">\(escape(error))</li>\n" }
        return """
            <!doctype html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer">
            <title>closet</title>
            <style>body{font:17px/1.4 system-ui,sans-serif;padding:1rem;max-width:36rem;margin:auto}ul{list-style:none;padding:0}
            li{margin:.4rem 0;padding:.6rem;border-left:6px solid #aaa;word-break:break-word}
            li.ok{border-color:#2a7}li.dup{border-color:#a82}li.bad{border-color:#c33}</style></head>
            <body><ul id="result">
            \(items)</ul>
            <p><a href="./">\(t("Send more photos"))</a></p>
            </body></html>

            """
    }

    /// Text made safe inside HTML text and double-quoted attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
